import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import ts from 'typescript';
import { defineErrors, type ErrorCatalog } from '../../src/core/graphql/errors';
import { erasureRefusals } from '../../src/modules/erasure/erasure.errors';
import { orderErrors } from '../../src/modules/orders/orders.errors';
import { privacyRequestRefusals, STAFF_REFUSAL_CODES } from '../../src/modules/privacy-requests/privacy-requests.errors';

/*
 * Issue 12 part 8: every error code a client can meet is declared, with its default English message, in
 * one catalog per domain (`src/modules/<domain>/<domain>.errors.ts`, the generic ones in
 * src/core/graphql/errors.ts), and the refusal codes clients branch on are enums in the SDL.
 */

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, suffix);
    return full.endsWith(suffix) ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file);

function isCatalog(value: unknown): value is ErrorCatalog<string> {
  const v = value as Partial<ErrorCatalog<string>> | null;
  return !!v && typeof v === 'object' && Array.isArray(v.codes) && typeof v.messages === 'object' && typeof v.error === 'function';
}

/** Every catalog exported by a `*.errors.ts` file, and core's (src/core/graphql/errors.ts). */
function loadCatalogs(): { file: string; name: string; catalog: ErrorCatalog<string> }[] {
  const files = [...filesUnder(SRC, '.errors.ts'), path.join(SRC, 'core/graphql/errors.ts')];
  return files.flatMap((file) =>
    Object.entries(require(file) as Record<string, unknown>)
      .filter(([, value]) => isCatalog(value))
      .map(([name, value]) => ({ file: rel(file), name, catalog: value as ErrorCatalog<string> })),
  );
}

const catalogs = loadCatalogs();
const declared = new Map<string, string>();
for (const { file, catalog } of catalogs) for (const code of catalog.codes) declared.set(code, file);

/** Codes that graphql-js and Apollo produce for malformed requests; passed through, not ours to declare. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

describe('error codes are declared per domain', () => {
  it('finds a catalog for core and for each domain that refuses with its own codes', () => {
    const domains = catalogs.map((c) => c.catalog.domain).sort();
    expect(domains).toEqual(
      expect.arrayContaining([
        'cli',
        'consents',
        'core',
        'customers',
        'erasure',
        'identity',
        'legal-holds',
        'loyalty',
        'orders',
        'partners',
        'privacy-requests',
        'restrictions',
        'staff',
        'webhooks',
      ]),
    );
    // Each domain's catalog sits in that domain's own folder (the CLI's beside the CLI, core's in core).
    for (const { file, catalog } of catalogs) {
      if (catalog.domain === 'core') expect(file).toBe('src/core/graphql/errors.ts');
      else if (catalog.domain === 'cli') expect(file).toBe('src/cli/cli.errors.ts');
      else expect(file).toBe(`src/modules/${catalog.domain}/${catalog.domain}.errors.ts`);
    }
  });

  it('gives every code one home, a SCREAMING_SNAKE name and a message a person can read', () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const { file, catalog } of catalogs) {
      for (const code of catalog.codes) {
        if (seen.has(code)) problems.push(`${code} is declared in ${seen.get(code)} and ${file}`);
        seen.set(code, file);
        if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) problems.push(`${code} (${file}) is not SCREAMING_SNAKE`);
        const message = catalog.messages[code];
        if (typeof message !== 'string' || message.trim().length < 5) problems.push(`${code} (${file}) has no message`);
      }
      expect(Object.keys(catalog.messages).sort()).toEqual([...catalog.codes].sort());
    }
    expect(problems).toEqual([]);
  });

  it('builds the error a client sees from the catalog: its code, its default message, or a more precise one', () => {
    const plain = orderErrors.error('ORDER_NOT_OPEN', { field: 'orderId' });
    expect(plain.extensions).toEqual({ code: 'ORDER_NOT_OPEN', field: 'orderId' });
    expect(plain.message).toBe(orderErrors.messages.ORDER_NOT_OPEN);
    expect(orderErrors.error('ORDER_NOT_OPEN', { message: 'A SHIPPED order is not delivered' }).message).toBe('A SHIPPED order is not delivered');
    expect(orderErrors.body('ORDER_NOT_OPEN')).toEqual({ message: orderErrors.messages.ORDER_NOT_OPEN, extensions: { code: 'ORDER_NOT_OPEN' } });
  });

  it('throws no code that is not in a catalog: no AppError, GraphQLError or `code:` literal outside the catalogs', () => {
    const strays: string[] = [];
    for (const file of filesUnder(SRC, '.ts')) {
      const name = rel(file);
      const text = readFileSync(file, 'utf8');
      if (name !== 'src/core/graphql/errors.ts') {
        for (const m of text.matchAll(/new (AppError|GraphQLError)\(/g)) strays.push(`${name}: new ${m[1]}(…) outside a catalog`);
      }
      // The privacy notice's content has codes of its own (purposes, rights…): data, not errors.
      if (name.startsWith('src/modules/privacy-notice/')) continue;
      for (const m of text.matchAll(/\bcode:\s*'([A-Z][A-Z0-9_]+)'/g)) strays.push(`${name}: code: '${m[1]}'`);
      // Node's errno codes (EADDRINUSE…) and the privacy notice's right codes (data export) are not ours.
      for (const m of text.matchAll(/\bcode\s*[!=]==\s*'([A-Z][A-Z_]+)'/g)) {
        if (!/^E[A-Z]+$/.test(m[1]) && !name.startsWith('src/modules/data-export/')) strays.push(`${name}: compares with '${m[1]}'`);
      }
      // Every code a catalog method is called with is declared (the compiler checks it per catalog; this
      // checks that the call goes to a catalog at all).
      for (const m of text.matchAll(/\.(?:error|body)\(\s*'([A-Z][A-Z0-9_]+)'/g)) if (!declared.has(m[1])) strays.push(`${name}: ${m[1]} is not declared`);
      for (const m of text.matchAll(/\.enum\.([A-Z][A-Z0-9_]+)/g)) if (!declared.has(m[1])) strays.push(`${name}: ${m[1]} is not declared`);
    }
    expect(strays).toEqual([]);
  });

  it('declares every code the test suites expect a client to receive', () => {
    const expected = new Set<string>();
    for (const file of filesUnder(path.join(ROOT, 'test'), '.test.ts')) {
      const text = readFileSync(file, 'utf8');
      // expect(codesOf(r)).toEqual(['X']), expect(e.extensions?.code).toBe('X'), expect(r.refusalCode).toBe('X'), …
      // (not the privacy notice's `r.code`: those are purposes and rights, not errors).
      for (const m of text.matchAll(/(codesOf\([^)]*\)|extensions\??\.code|refusalCode)\)+\.(?:toBe|toEqual|toContain)\(([^;]*?)\);/g)) {
        for (const c of m[2].matchAll(/'([A-Z][A-Z0-9_]+)'/g)) expected.add(c[1]);
      }
      // expectOnlyError(result, 'X') (the last such argument on the line), pathsWithCode(result, 'X'), { refusalCode: 'X' }, extensions: { code: 'X' }
      for (const m of text.matchAll(/(?:expect\w*Error\w*|pathsWithCode)\(.*, '([A-Z][A-Z0-9_]+)'(?:, \[[^\]]*\])?\)/g)) expected.add(m[1]);
      for (const m of text.matchAll(/(?:refusalCode|extensions: (?:expect\.objectContaining\()?\{ code): '([A-Z][A-Z0-9_]+)'/g)) expected.add(m[1]);
    }
    expect(expected.size).toBeGreaterThan(30);
    const undeclared = [...expected].filter((code) => !declared.has(code) && !REQUEST_CODES.has(code)).sort();
    expect(undeclared).toEqual([]);
  });
});

describe('refusal codes in the SDL', () => {
  const sdl = buildSchema(readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8'));

  it('ErasureResult.refusalCode is the ErasureRefusalCode enum, listing exactly the declared erasure refusals (§8.7)', () => {
    const field = sdl.getType('ErasureResult');
    expect(field && 'getFields' in field ? String(field.getFields().refusalCode.type) : null).toBe('ErasureRefusalCode');
    const type = sdl.getType('ErasureRefusalCode');
    expect(isEnumType(type)).toBe(true);
    const values = isEnumType(type)
      ? type
          .getValues()
          .map((v) => v.name)
          .sort()
      : [];
    expect(values).toEqual([...erasureRefusals.codes].sort());
  });

  const enumValues = (name: string): string[] => {
    const type = sdl.getType(name);
    return isEnumType(type)
      ? type
          .getValues()
          .map((v) => v.name)
          .sort()
      : [];
  };

  it('PrivacyRequest.refusalCode is the PrivacyRequestRefusalCode enum: exactly the request refusals and the erasure refusals (§8.7)', () => {
    const request = sdl.getType('PrivacyRequest');
    expect(request && 'getFields' in request ? String(request.getFields().refusalCode.type) : null).toBe('PrivacyRequestRefusalCode');
    expect(isEnumType(sdl.getType('PrivacyRequestRefusalCode'))).toBe(true);
    expect(enumValues('PrivacyRequestRefusalCode')).toEqual([...privacyRequestRefusals.codes, ...erasureRefusals.codes].sort());
    // Each of them declared once, with its message, in the catalogs (not a second list beside them).
    for (const code of enumValues('PrivacyRequestRefusalCode')) expect(declared.get(code)).toMatch(/src\/modules\/(privacy-requests|erasure)\/\1\.errors\.ts$/);
  });

  it('refusePrivacyRequest takes an optional StaffRefusalCode, a subset of the request refusals', () => {
    const mutation = sdl.getMutationType()?.getFields().refusePrivacyRequest;
    const code = mutation?.args.find((a) => a.name === 'code');
    expect(code && String(code.type)).toBe('StaffRefusalCode');
    expect(enumValues('StaffRefusalCode')).toEqual([...STAFF_REFUSAL_CODES].sort());
    for (const c of STAFF_REFUSAL_CODES) expect(privacyRequestRefusals.has(c)).toBe(true);
  });
});

describe('a catalog does not compile with a code and no message', () => {
  // The same checks run in `npm run typecheck` through the @ts-expect-error lines below; this test runs the
  // compiler on them as well, so the rule is proven here and cannot rot into an unused directive.
  function typeErrorsOf(source: string): string[] {
    const file = path.join(ROOT, 'test/foundation/__catalog-type-check.ts');
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      experimentalDecorators: true,
      skipLibCheck: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (name) => (path.resolve(name) === file ? source : read(name));
    const exists = host.fileExists.bind(host);
    host.fileExists = (name) => path.resolve(name) === file || exists(name);
    const program = ts.createProgram([file], options, host);
    return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  const header = "import { defineErrors } from '../../src/core/graphql/errors';\n";

  it('accepts a catalog whose every code has a message', () => {
    expect(typeErrorsOf(`${header}defineErrors('t', ['T_A', 'T_B'], { T_A: 'a message', T_B: 'another one' });\n`)).toEqual([]);
  }, 60_000);

  it('refuses a code without a message, a message without a code, and throwing an undeclared code', () => {
    const errors = typeErrorsOf(
      `${header}defineErrors('t', ['T_A', 'T_B'], { T_A: 'a message' });\n` +
        `defineErrors('t', ['T_A'], { T_A: 'a message', T_C: 'stray' });\n` +
        `defineErrors('t', ['T_A'], { T_A: 'a message' }).error('T_D');\n`,
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/T_B/);
    expect(errors[1]).toMatch(/T_C/);
    expect(errors[2]).toMatch(/T_D/);
  }, 60_000);

  it('(typecheck) the same three, as @ts-expect-error lines tsc checks', () => {
    // @ts-expect-error a declared code without a message does not compile
    defineErrors('t', ['T_A', 'T_B'], { T_A: 'a message' });
    // @ts-expect-error a message for a code that is not declared does not compile
    defineErrors('t', ['T_A'], { T_A: 'a message', T_C: 'stray' });
    // @ts-expect-error an undeclared code cannot be thrown
    expect(() => orderErrors.error('ORDER_NOPE')).not.toThrow();
  });
});
