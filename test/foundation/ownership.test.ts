import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * Ownership (CONVENTIONS "Ownership"): core/ is the ground floor. It knows the
 * shapes modules contribute (src/core/module.ts) but no module; the one place
 * that knows every module is the composition layer, src/app/.
 */

const SRC = path.resolve(__dirname, '..', '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier a file imports, re-exports, requires or imports dynamically (type-only imports included). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

describe('ownership: core/ imports no module and not the composition layer', () => {
  const coreFiles = filesUnder(path.join(SRC, 'core'));

  it('finds the core files (the check below is meaningless otherwise)', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
  });

  it('no file under src/core imports from src/modules or src/app', () => {
    const offending: string[] = [];
    for (const file of coreFiles) {
      for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        const relative = path.relative(SRC, target).split(path.sep);
        if (relative[0] === 'modules' || relative[0] === 'app') offending.push(`${path.relative(SRC, file)} -> ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('the checker itself catches an import of a module (self-test on a sample)', () => {
    expect(specifiersOf("import type { X } from '../../modules/orders/order.entity';\nconst y = require('../../app/modules');")).toEqual([
      '../../modules/orders/order.entity',
      '../../app/modules',
    ]);
  });
});

describe('ownership: one definition of what blocks an erasure', () => {
  it('the erasure request and the §4.2 inactivity pass share the contributed blockers; no engine names the order states', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CONTRIBUTIONS } = require('../../src/app/modules') as typeof import('../../src/app/modules');
    expect(CONTRIBUTIONS.erasureBlockers.map((b) => b.keepReason)).toEqual(['LEGAL_HOLD (§8.9)', 'OPEN_ORDER (contract being performed)']);
    for (const engine of ['modules/erasure/erasure.service.ts', 'modules/retention/retention.service.ts']) {
      const source = readFileSync(path.join(SRC, engine), 'utf8');
      expect({ engine, namesOrderStates: /'PLACED'|'SHIPPED'|from legal_hold/.test(source) }).toEqual({ engine, namesOrderStates: false });
    }
  });
});
