import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { deny, type IRule, type IRules } from 'graphql-shield';
import type { Principal, StaffRole } from '../../src/core/auth/principal';
import { mergePolicies } from '../../src/core/auth/policy';
import { refusalError } from '../../src/core/auth/rules';
import { POLICIES } from '../../src/app/modules';
import { buildBaseSchema } from '../../src/app/schema';
import { startTestApi, type TestApi } from '../support/api';

/*
 * The permission matrix (issue: "a test walks the whole schema and, for every
 * role and every field and operation, checks the answer against one committed,
 * human-readable expectations table"). The table is permission-matrix.md
 * beside this file; read it first.
 *
 * Each coordinate's rule is looked up the way graphql-shield looks it up
 * (field rule, else the type's '*', else a whole-type rule, else the fallback
 * `deny`) and evaluated with rule.resolve() exactly as shield's middleware
 * calls it, with a fresh shield cache per evaluation.
 */

// ---------------------------------------------------------------- roles

const SELF_ID = '11111111-1111-4111-8111-111111111111';
const OTHER_ID = '22222222-2222-4222-8222-222222222222';

const staffPrincipal = (role: StaffRole): Principal => ({
  kind: 'STAFF',
  staffId: `33333333-3333-4333-8333-${(STAFF_COLUMNS.indexOf(role) + 1).toString().padStart(12, '0')}`,
  roles: [role],
  sessionId: null,
});
const STAFF_COLUMNS: StaffRole[] = ['CUSTOMER_SERVICE', 'MARKETING', 'ACCOUNTING', 'PRIVACY_OFFICER', 'ADMIN'];

/** Column name in the table → the principal that column stands for. Order = the table's column order. */
const ROLES: ReadonlyArray<{ column: string; principal: Principal }> = [
  { column: 'anon', principal: { kind: 'ANONYMOUS' } },
  { column: 'self', principal: { kind: 'CUSTOMER', customerId: SELF_ID, sessionId: null } },
  { column: 'other', principal: { kind: 'CUSTOMER', customerId: OTHER_ID, sessionId: null } },
  { column: 'CS', principal: staffPrincipal('CUSTOMER_SERVICE') },
  { column: 'MKT', principal: staffPrincipal('MARKETING') },
  { column: 'ACC', principal: staffPrincipal('ACCOUNTING') },
  { column: 'PO', principal: staffPrincipal('PRIVACY_OFFICER') },
  { column: 'ADMIN', principal: staffPrincipal('ADMIN') },
  {
    column: 'logistics',
    principal: {
      kind: 'PARTNER',
      partnerId: '44444444-4444-4444-8444-444444444441',
      partnerKind: 'LOGISTICS',
      tokenId: '55555555-5555-4555-8555-555555555551',
      scopes: ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS'],
    },
  },
  {
    column: 'accounting',
    principal: {
      kind: 'PARTNER',
      partnerId: '44444444-4444-4444-8444-444444444442',
      partnerKind: 'ACCOUNTING',
      tokenId: '55555555-5555-4555-8555-555555555552',
      scopes: ['ORDERS_ACCOUNTING'],
    },
  },
];
const COLUMNS = ROLES.map((role) => role.column);

/** The parent object every field is evaluated on: owned by SELF_ID whichever way a rule reads the owner. */
const PARENT = Object.freeze({ id: SELF_ID, customerId: SELF_ID });

// ---------------------------------------------------------------- the table

const TABLE_FILE = path.join(__dirname, 'permission-matrix.md');
const ALLOW = '✓';
const REFUSE = '·';

interface TableRow {
  line: number;
  coordinate: string;
  typeName: string;
  field: string; // '*' for a type default
  cells: Record<string, boolean>;
}

interface ParsedTable {
  rows: TableRow[];
  problems: string[];
}

function splitRow(line: string): string[] {
  const trimmed = line.trim();
  return trimmed
    .slice(1, trimmed.endsWith('|') ? -1 : undefined)
    .split('|')
    .map((cell) => cell.trim());
}

/** Parses the one matrix table: header `Coordinate | anon | …`, then coordinate rows and bold section rows. */
function parseTable(markdown: string): ParsedTable {
  const lines = markdown.split('\n');
  const problems: string[] = [];
  const rows: TableRow[] = [];
  const headerIndex = lines.findIndex((line) => line.trim().startsWith('|') && splitRow(line)[0] === 'Coordinate');
  if (headerIndex < 0) return { rows, problems: ['no table with a "Coordinate" header column'] };
  const header = splitRow(lines[headerIndex]);
  if (JSON.stringify(header) !== JSON.stringify(['Coordinate', ...COLUMNS])) {
    problems.push(`header must be "Coordinate | ${COLUMNS.join(' | ')}", is "${header.join(' | ')}"`);
    return { rows, problems };
  }
  for (let i = headerIndex + 2; i < lines.length && lines[i].trim().startsWith('|'); i++) {
    const cells = splitRow(lines[i]);
    const first = cells[0].replace(/`/g, '');
    const rest = cells.slice(1);
    if (/^\*\*.*\*\*$/.test(first) && rest.every((cell) => cell === '')) continue; // a section heading
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*|\*)$/.exec(first);
    if (!match) {
      problems.push(`line ${i + 1}: "${cells[0]}" is neither Type.field, Type.* nor a **section** row`);
      continue;
    }
    if (rest.length !== COLUMNS.length) {
      problems.push(`line ${i + 1}: ${first} has ${rest.length} cells, expected ${COLUMNS.length}`);
      continue;
    }
    const bad = rest.filter((cell) => cell !== ALLOW && cell !== REFUSE);
    if (bad.length > 0) {
      problems.push(`line ${i + 1}: ${first} has cells other than ${ALLOW} / ${REFUSE}: ${bad.join(', ')}`);
      continue;
    }
    rows.push({
      line: i + 1,
      coordinate: first,
      typeName: match[1],
      field: match[2],
      cells: Object.fromEntries(COLUMNS.map((column, index) => [column, rest[index] === ALLOW])),
    });
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    const earlier = seen.get(row.coordinate);
    if (earlier !== undefined) problems.push(`line ${row.line}: ${row.coordinate} is listed twice (also line ${earlier})`);
    seen.set(row.coordinate, row.line);
  }
  return { rows, problems };
}

// ---------------------------------------------------------------- the schema and its rules

function schemaCoordinates(): Map<string, string[]> {
  const schema = buildBaseSchema();
  const types = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    types.set(type.name, Object.keys(type.getFields()));
  }
  return types;
}

type ShieldRule = Extract<IRules, { resolve: unknown }>;
type ShieldOptions = Parameters<IRule['resolve']>[4];

const OPTIONS: ShieldOptions = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: deny,
  hashFunction: () => 'x',
};

const isRule = (value: unknown): value is ShieldRule => typeof (value as { resolve?: unknown })?.resolve === 'function';

/** The rule graphql-shield applies to Type.field for this tree (see applyRuleToType in graphql-shield). */
function ruleFor(tree: Record<string, unknown>, typeName: string, field: string): { rule: ShieldRule; source: string } {
  const forType = tree[typeName];
  if (isRule(forType)) return { rule: forType, source: `${typeName} (whole type)` };
  if (forType && typeof forType === 'object') {
    const fieldMap = forType as Record<string, ShieldRule>;
    if (fieldMap[field]) return { rule: fieldMap[field], source: `${typeName}.${field}` };
    if (fieldMap['*']) return { rule: fieldMap['*'], source: `${typeName}.*` };
  }
  return { rule: deny, source: 'fallback deny' };
}

interface Outcome {
  allowed: boolean;
  /** 'ALLOW', or the error code of a refusal (a plain false is answered by refusalError, as the served schema does). */
  answer: string;
  source: string;
}

async function evaluate(tree: Record<string, unknown>, typeName: string, field: string, principal: Principal): Promise<Outcome> {
  const { rule, source } = ruleFor(tree, typeName, field);
  const ctx = { principal, _shield: { cache: {} } };
  const info = { fieldName: field, parentType: { name: typeName } } as unknown as GraphQLResolveInfo;
  const result = await rule.resolve({ ...PARENT }, {}, ctx, info, OPTIONS);
  if (result === true) return { allowed: true, answer: 'ALLOW', source };
  if (result instanceof Error) {
    const code = (result as Error & { extensions?: { code?: unknown } }).extensions?.code;
    return { allowed: false, answer: typeof code === 'string' ? code : `Error without a code: ${result.message}`, source };
  }
  // A plain refusal is answered by the served schema's fallbackError, which is refusalError.
  if (result === false) return { allowed: false, answer: String(refusalError(principal).extensions.code), source };
  return { allowed: false, answer: String(result), source };
}

// ---------------------------------------------------------------- the walk

interface Finding {
  coordinate: string;
  column: string;
  expected: boolean;
  outcome: Outcome;
}

interface MatrixReport {
  tableProblems: string[];
  missingExpectations: string[];
  unknownRows: string[];
  unexpectedAllows: string[];
  unexpectedDenies: string[];
  /** Disagreeing cells, counted one by one (the lists above may fold a whole type into one line). */
  unexpectedAllowCells: number;
  unexpectedDenyCells: number;
  wrongErrorCodes: string[];
  evaluated: number;
}

const mark = (allowed: boolean) => (allowed ? ALLOW : REFUSE);
const verdict = (f: Finding) => `table ${mark(f.expected)}, code ${f.outcome.allowed ? ALLOW : `${REFUSE} (${f.outcome.answer})`} — rule from ${f.outcome.source}`;

/**
 * One line per disagreeing cell; when every field of a type disagrees the same
 * way for a role (a whole-type rule), one `Type.* (all N fields)` line instead.
 * The counts in the headline stay per cell.
 */
function describeFindings(findings: Finding[], types: Map<string, string[]>): string[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.coordinate.split('.')[0]}|${finding.column}|${verdict(finding)}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const typeName = group[0].coordinate.split('.')[0];
    const fieldCount = types.get(typeName)?.length ?? 0;
    if (group.length > 1 && group.length === fieldCount) {
      lines.push(`${typeName}.* (all ${fieldCount} fields) [${group[0].column}]: ${verdict(group[0])}`);
    } else {
      lines.push(...group.map((f) => `${f.coordinate} [${f.column}]: ${verdict(f)}`));
    }
  }
  return lines;
}

async function walk(): Promise<MatrixReport> {
  const { rows, problems } = parseTable(readFileSync(TABLE_FILE, 'utf8'));
  const types = schemaCoordinates();
  const tree = mergePolicies(POLICIES) as Record<string, unknown>;

  const exact = new Map(rows.filter((row) => row.field !== '*').map((row) => [row.coordinate, row]));
  const defaults = new Map(rows.filter((row) => row.field === '*').map((row) => [row.typeName, row]));

  const unknownRows = rows
    .filter((row) => (row.field === '*' ? !types.has(row.typeName) : !types.get(row.typeName)?.includes(row.field)))
    .map((row) => `line ${row.line}: ${row.coordinate} is not in the schema`);

  const report: MatrixReport = {
    tableProblems: problems,
    missingExpectations: [],
    unknownRows,
    unexpectedAllows: [],
    unexpectedDenies: [],
    unexpectedAllowCells: 0,
    unexpectedDenyCells: 0,
    wrongErrorCodes: [],
    evaluated: 0,
  };

  const allows: Finding[] = [];
  const denies: Finding[] = [];
  for (const [typeName, fields] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
    for (const field of fields) {
      const coordinate = `${typeName}.${field}`;
      const row = exact.get(coordinate) ?? defaults.get(typeName);
      if (!row) {
        report.missingExpectations.push(coordinate);
        continue;
      }
      for (const { column, principal } of ROLES) {
        const outcome = await evaluate(tree, typeName, field, principal);
        report.evaluated++;
        const finding: Finding = { coordinate, column, expected: row.cells[column], outcome };
        if (outcome.allowed && !finding.expected) allows.push(finding);
        if (!outcome.allowed && finding.expected) denies.push(finding);
        if (!outcome.allowed) {
          // Anonymous callers learn they must sign in; signed-in callers that their role does not reach.
          const wanted = principal.kind === 'ANONYMOUS' ? ['UNAUTHENTICATED'] : ['FORBIDDEN'];
          if (!wanted.includes(outcome.answer)) {
            report.wrongErrorCodes.push(`${coordinate} [${column}]: refused with ${outcome.answer}, expected ${wanted[0]} — rule from ${outcome.source}`);
          }
        }
      }
    }
  }
  report.unexpectedAllows = describeFindings(allows, types);
  report.unexpectedDenies = describeFindings(denies, types);
  report.unexpectedAllowCells = allows.length;
  report.unexpectedDenyCells = denies.length;
  return report;
}

// ---------------------------------------------------------------- the tests

describe('permission matrix: every schema coordinate × every role against permission-matrix.md', () => {
  let report: MatrixReport;
  beforeAll(async () => {
    report = await walk();
  });

  it('the table parses: one header, Type.field / Type.* rows with ✓ or · in every column, no duplicates', () => {
    expect(report.tableProblems).toEqual([]);
  });

  it('every schema coordinate has an expectation (add a row to permission-matrix.md)', () => {
    expect(report.missingExpectations).toEqual([]);
  });

  it('every table row names a coordinate that exists in the schema', () => {
    expect(report.unknownRows).toEqual([]);
  });

  it('walked the whole schema for every role', () => {
    expect(report.evaluated).toBeGreaterThan(0);
    expect(report.evaluated % ROLES.length).toBe(0);
  });

  it('has no unexpected allows: the code opens nothing the table refuses', () => {
    expect(report.unexpectedAllows).toEqual([]);
  });

  it('has no unexpected denies: the code refuses nothing the table allows', () => {
    expect(report.unexpectedDenies).toEqual([]);
  });

  it('refuses anonymous callers with UNAUTHENTICATED and signed-in callers with FORBIDDEN', () => {
    expect(report.wrongErrorCodes).toEqual([]);
  });

  it('HEADLINE: 0 unexpected allows and 0 unexpected denies', () => {
    expect({ unexpectedAllows: report.unexpectedAllowCells, unexpectedDenies: report.unexpectedDenyCells }).toEqual({
      unexpectedAllows: 0,
      unexpectedDenies: 0,
    });
  });
});

describe('the served schema (buildSchema) answers refusals as the matrix says', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('serves the public privacy statement to an anonymous caller', async () => {
    const { data, errors } = await api.anonymous.raw<{ privacyNotice: { version: string } }>('{ privacyNotice(language: EN) { version } }');
    expect(errors).toBeUndefined();
    expect(data?.privacyNotice.version).toEqual(expect.any(String));
  });

  it('answers UNAUTHENTICATED with null at the path for an anonymous caller on customer data', async () => {
    const { data, errors } = await api.anonymous.raw('{ customers(first: 1) { nodes { id } } }');
    expect(data).toEqual({ customers: null });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({ path: ['customers'], extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('answers FORBIDDEN with null at the path for a signed-in role that does not reach, and still answers the rest', async () => {
    const marketing = ROLES.find((role) => role.column === 'MKT')!.principal;
    const { data, errors } = await api.as(marketing).raw('{ viewer { kind } orders(first: 1) { nodes { id } } }');
    expect(data).toEqual({ viewer: { kind: 'STAFF' }, orders: null });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatchObject({ path: ['orders'], extensions: { code: 'FORBIDDEN' } });
  });
});
