import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PrivacyRequestType, RequestChannel } from '../../src/modules/privacy-requests/privacy-request.entity';
import { recordPrivacyRequest } from '../../src/modules/privacy-requests/privacy-requests.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { systemContext } from '../support/scenarios';
import { AS_OF, clock, customerExists, daysBefore, inactiveCustomersShop, runCli, seedCustomer, snapshotTables, type ScenarioCustomer } from './retention-scenarios';

/*
 * The operator CLI (src/cli.ts) run as a separate process on a suite's
 * database (DATABASE_URL): `retention` with --dry-run / --as-of / --json
 * (§4.2: who would be erased and who is kept and why, changing nothing),
 * `requests --overdue` (§8.6) and `export-customer` (§8.1).
 */

jest.setTimeout(120_000);

type Shop = Awaited<ReturnType<typeof inactiveCustomersShop>>;

interface CliReport {
  runId: string;
  rule: string;
  dryRun: boolean;
  asOf: string;
  examined: number;
  acted: number;
  kept: number;
  items: { subjectId: string; action: string; reason: string | null }[];
}

function expected(shop: Shop) {
  const erased: ScenarioCustomer[] = [shop.unusedWithDeliveredOrder, shop.unusedPlain, shop.unusedExpiredLoyalty, shop.unusedReleasedHold];
  const kept: [ScenarioCustomer, string][] = [
    [shop.loyal, 'ACTIVE_LOYALTY_MEMBERSHIP'],
    [shop.openOrder, 'OPEN_ORDER'],
    [shop.openRequest, 'OPEN_PRIVACY_REQUEST'],
    [shop.legalHold, 'LEGAL_HOLD'],
  ];
  return { erased, kept };
}

function parseJson<T>(stdout: string, stderr: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new Error(`the CLI's --json output is not JSON:\n${stdout}\n--- stderr ---\n${stderr}`);
  }
}

describe('cli retention --dry-run', () => {
  let db: TestDatabase;
  let shop: Shop;
  let before: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    shop = await inactiveCustomersShop(db.orm, AS_OF);
    before = await snapshotTables(db);
  }, 60_000);
  afterAll(() => db.close());

  it('§4.2 `retention --rule INACTIVE_CUSTOMERS --dry-run --as-of T --json` exits 0 with the expected items and changes nothing', async () => {
    const result = await runCli(db, ['retention', '--rule', 'INACTIVE_CUSTOMERS', '--dry-run', '--as-of', AS_OF.toISOString(), '--json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const reports = parseJson<CliReport[]>(result.stdout, result.stderr);
    expect(reports).toHaveLength(1);
    const [report] = reports;
    const { erased, kept } = expected(shop);
    expect(report).toMatchObject({
      rule: 'INACTIVE_CUSTOMERS',
      dryRun: true,
      asOf: AS_OF.toISOString(),
      examined: erased.length + kept.length,
      acted: erased.length,
      kept: kept.length,
    });
    const items = new Map(report.items.map((i) => [i.subjectId, i]));
    expect(items.size).toBe(report.items.length);
    for (const customer of erased) expect(items.get(customer.id)).toEqual({ subjectId: customer.id, action: 'WOULD_ERASE', reason: expect.stringContaining('§4.2') });
    for (const [customer, reason] of kept) expect(items.get(customer.id)).toEqual({ subjectId: customer.id, action: 'KEPT', reason: expect.stringContaining(reason) });
    expect(items.has(shop.recent.id)).toBe(false);

    expect(await snapshotTables(db)).toEqual(before);
    const [run] = await db.query<{ dry_run: boolean; status: string }>('select dry_run, status from retention_run where id = $1', [report.runId]);
    expect(run).toEqual({ dry_run: true, status: 'COMPLETED' });
  });

  it('§4.2 without --json the dry run lists, one line each, who would be erased and who is kept and why', async () => {
    const result = await runCli(db, ['retention', '--rule', 'INACTIVE_CUSTOMERS', '--dry-run', '--as-of', AS_OF.toISOString()]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const lineOf = (id: string) => lines.filter((line) => line.includes(id));
    const { erased, kept } = expected(shop);
    expect(lines[0]).toMatch(/^INACTIVE_CUSTOMERS \(dry run\): /);
    for (const customer of erased) {
      expect({ label: customer.label, lines: lineOf(customer.id) }).toEqual({
        label: customer.label,
        lines: [expect.stringMatching(/^\s*WOULD_ERASE\s.*UNUSED_TWO_YEARS \(§4\.2\)/)],
      });
    }
    for (const [customer, reason] of kept) {
      expect({ label: customer.label, lines: lineOf(customer.id) }).toEqual({ label: customer.label, lines: [expect.stringMatching(new RegExp(`^\\s*KEPT\\s.*${reason}`))] });
    }
    expect(lineOf(shop.recent.id)).toEqual([]);
    expect(await snapshotTables(db)).toEqual(before);
  });

  it('an unknown rule exits 2 with the usage and runs nothing', async () => {
    const runsBefore = await db.query('select id from retention_run');
    const result = await runCli(db, ['retention', '--rule', 'NO_SUCH_RULE', '--dry-run', '--as-of', AS_OF.toISOString()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown rule NO_SUCH_RULE');
    expect(result.stderr).toContain('Usage:');
    expect(result.stderr).toContain('retention [--rule RULE|all]');
    expect(await db.query('select id from retention_run')).toEqual(runsBefore);
  });

  it('an --as-of that is not a date exits 2 with the usage', async () => {
    const result = await runCli(db, ['retention', '--rule', 'INACTIVE_CUSTOMERS', '--dry-run', '--as-of', 'next tuesday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--as-of');
    expect(result.stderr).toContain('Usage:');
  });
});

describe('cli retention (real pass)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('§4.2 `retention --rule INACTIVE_CUSTOMERS --as-of T --json` erases exactly whom the dry run listed', async () => {
    const shop = await inactiveCustomersShop(db.orm, AS_OF);
    const dry = await runCli(db, ['retention', '--rule', 'INACTIVE_CUSTOMERS', '--dry-run', '--as-of', AS_OF.toISOString(), '--json']);
    const [dryReport] = parseJson<CliReport[]>(dry.stdout, dry.stderr);
    const real = await runCli(db, ['retention', '--rule', 'inactive_customers', '--as-of', AS_OF.toISOString(), '--json']);
    expect(real.code).toBe(0);
    const [report] = parseJson<CliReport[]>(real.stdout, real.stderr);
    expect(report).toMatchObject({ rule: 'INACTIVE_CUSTOMERS', dryRun: false });
    const wouldErase = dryReport.items.filter((i) => i.action === 'WOULD_ERASE').map((i) => i.subjectId);
    expect(new Set(report.items.filter((i) => i.action === 'ERASED').map((i) => i.subjectId))).toEqual(new Set(wouldErase));
    for (const customer of expected(shop).erased)
      expect({ label: customer.label, exists: await customerExists(db, customer.id) }).toEqual({ label: customer.label, exists: false });
    for (const [customer] of expected(shop).kept) expect({ label: customer.label, exists: await customerExists(db, customer.id) }).toEqual({ label: customer.label, exists: true });
  });
});

describe('cli requests and export-customer', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'rekisteri-cli-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await db.close();
  });

  it('§8.6 `requests --overdue --json` lists an overdue open request and not one still in time', async () => {
    // `requests` runs on the real clock, so the scenario does too.
    const now = new Date();
    const customer = await seedCustomer(db.orm, { label: 'cli-requester', registeredAt: daysBefore(now, 90) });
    const record = async (receivedAt: Date) =>
      (
        await recordPrivacyRequest(systemContext(db.orm, clock(receivedAt)), {
          customerId: customer.id,
          type: PrivacyRequestType.ACCESS,
          channel: RequestChannel.EMAIL,
          receivedAt,
        })
      ).id;
    const overdue = await record(daysBefore(now, 45));
    const inTime = await record(daysBefore(now, 5));

    const result = await runCli(db, ['requests', '--overdue', '--json']);
    expect(result.code).toBe(0);
    const rows = parseJson<{ id: string; customerId: string; type: string; status: string; overdue: boolean }[]>(result.stdout, result.stderr);
    expect(rows).toEqual([expect.objectContaining({ id: overdue, customerId: customer.id, type: 'ACCESS', status: 'AWAITING_VERIFICATION', overdue: true })]);
    expect(rows.map((r) => r.id)).not.toContain(inTime);

    const all = parseJson<{ id: string }[]>((await runCli(db, ['requests', '--json'])).stdout, '');
    expect(all.map((r) => r.id)).toEqual([overdue, inTime]);
  });

  it('§8.1 `export-customer --customer ID --out FILE` writes the customer’s export as JSON with its sections, readable by the owner only', async () => {
    const customer = await seedCustomer(db.orm, { label: 'cli-export', registeredAt: daysBefore(new Date(), 10), orders: [] });
    const file = path.join(dir, 'export.json');
    const result = await runCli(db, ['export-customer', '--customer', customer.id, '--out', file]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });

    const data = JSON.parse(await readFile(file, 'utf8')) as { format: string; customerId: string; sections: { category: string; records: unknown[] }[] };
    expect(data.format).toBe('rekisteri-export/1');
    expect(data.customerId).toBe(customer.id);
    expect(data.sections.length).toBeGreaterThan(0);
    expect(result.stdout).toContain(`Wrote ${data.sections.length} sections`);
    const profile = data.sections.find((s) => s.category === 'Customer profile');
    expect(profile?.records).toEqual([expect.objectContaining({ id: customer.id, email: customer.email })]);
    expect(data.sections.map((s) => s.category)).toEqual(expect.arrayContaining(['Customer profile', 'Addresses', 'Loyalty membership']));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('§8.1 `export-customer` for an unknown customer fails without writing a file', async () => {
    const file = path.join(dir, 'nobody.json');
    const result = await runCli(db, ['export-customer', '--customer', '00000000-0000-4000-8000-000000000000', '--out', file]);
    expect(result.code).not.toBe(0);
    await expect(stat(file)).rejects.toThrow();
  });

  // SUSPECTED GAP (reported): the operator export reads every category of a customer's data and
  // writes it to a file, but leaves no trace in the audit trail (§9.2, GDPR Art 5(2)); the admin
  // panel's exportOnRequest records an audit entry for the same disclosure.
  it('§8.1 §9.2 `export-customer` leaves an audit entry for the customer it exported', async () => {
    const customer = await seedCustomer(db.orm, { label: 'cli-export-audit', registeredAt: daysBefore(new Date(), 10) });
    const auditBefore = await db.query('select id from audit_entry where customer_id = $1', [customer.id]);
    const result = await runCli(db, ['export-customer', '--customer', customer.id, '--out', path.join(dir, 'audited.json')]);
    expect(result.code).toBe(0);
    const auditAfter = await db.query<{ action: string; operation: string | null }>('select action, operation from audit_entry where customer_id = $1', [customer.id]);
    expect(auditAfter.length).toBeGreaterThan(auditBefore.length);
  });
});
