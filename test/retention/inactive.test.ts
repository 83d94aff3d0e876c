import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import type { RetentionReport } from '../../src/modules/retention/retention.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_SETTINGS } from '../support/test-env';
import {
  AS_OF,
  bySubject,
  customerExists,
  erasureRequestsOf,
  inactiveCustomersShop,
  itemsOf,
  runPass,
  runRows,
  snapshotTables,
  type ScenarioCustomer,
} from './retention-scenarios';

/*
 * §4.2 "data that has been unused for two years is deleted, unless there is
 * another basis for keeping it": the INACTIVE_CUSTOMERS pass, as of a fixed
 * clock, over customers whose last activity lies just beyond and just within
 * the two years, and over the bases to keep one (§4.3 membership, a contract
 * being performed, an open §8 request, a §8.9 legal hold).
 */

type Shop = Awaited<ReturnType<typeof inactiveCustomersShop>>;

/** Who the statement says goes, and who stays and why. */
function expectations(shop: Shop) {
  const erased: ScenarioCustomer[] = [shop.unusedWithDeliveredOrder, shop.unusedPlain, shop.unusedExpiredLoyalty, shop.unusedReleasedHold];
  const kept: [ScenarioCustomer, string][] = [
    [shop.loyal, 'ACTIVE_LOYALTY_MEMBERSHIP'],
    [shop.openOrder, 'OPEN_ORDER'],
    [shop.openRequest, 'OPEN_PRIVACY_REQUEST'],
    [shop.legalHold, 'LEGAL_HOLD'],
  ];
  return { erased, kept };
}

/** Last day of the financial year holding `date`, plus the Accounting Act years (§8.9), as YYYY-MM-DD. */
function expectedRetainUntil(placedAt: Date): string {
  const endMonth = TEST_SETTINGS.financialYearEndMonth;
  const year = placedAt.getUTCMonth() + 1 <= endMonth ? placedAt.getUTCFullYear() : placedAt.getUTCFullYear() + 1;
  const lastDay = new Date(Date.UTC(year + TEST_SETTINGS.bookkeepingRetentionYears, endMonth, 0));
  return lastDay.toISOString().slice(0, 10);
}

describe('§4.2 one pass as of T over a shop two years on', () => {
  let db: TestDatabase;
  let shop: Shop;
  let report: RetentionReport;

  beforeAll(async () => {
    db = await createTestDatabase();
    shop = await inactiveCustomersShop(db.orm, AS_OF);
    report = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
  }, 120_000);
  afterAll(() => db.close());

  it('§4.2 a customer unused for two years and a day is erased: the customer row is gone', async () => {
    const { unusedWithDeliveredOrder: customer } = shop;
    expect(await customerExists(db, customer.id)).toBe(false);
    const leftovers = await db.query<{ addresses: string; credentials: string; loyalty: string; consents: string }>(
      `select (select count(*) from address where customer_id = $1)::text as addresses,
              (select count(*) from customer_credential where customer_id = $1)::text as credentials,
              (select count(*) from loyalty_membership where customer_id = $1)::text as loyalty,
              (select count(*) from consent_event where customer_id = $1)::text as consents`,
      [customer.id],
    );
    expect(leftovers[0]).toEqual({ addresses: '0', credentials: '0', loyalty: '0', consents: '0' });
    expect(bySubject(report.items).get(customer.id)).toEqual({ subjectId: customer.id, action: 'ERASED', reason: expect.stringContaining('§4.2') });
  });

  it('§4.2 §8.9 the erased customer’s delivered order stays as held bookkeeping: no customer link, retain_until set, lines and totals kept', async () => {
    const { unusedWithDeliveredOrder: customer } = shop;
    const [order] = await db.query<{
      customer_id: string | null;
      retain_until: string | null;
      held_since: Date | null;
      placed_at: Date;
      status: string;
      subtotal_cents: number;
      total_cents: number;
      lines: string;
      delivery_email: string | null;
      billing_email: string | null;
    }>(
      `select customer_id, retain_until::text as retain_until, held_since, placed_at, status, subtotal_cents, total_cents,
         delivery_email, billing_email, (select count(*) from order_line l where l.order_id = o.id)::text as lines
       from customer_order o where id = $1`,
      [customer.orderIds[0]],
    );
    expect(order).toBeDefined();
    expect(order.customer_id).toBeNull();
    expect(order.status).toBe('DELIVERED');
    expect(order.retain_until).toBe(expectedRetainUntil(order.placed_at));
    expect(order.held_since).toEqual(AS_OF);
    expect(order.lines).toBe('2');
    // 2 × 12.90 + 34.90 + 5.90 shipping, as the scenario ordered it.
    expect(order.subtotal_cents).toBe(2 * 1290 + 3490);
    expect(order.total_cents).toBe(2 * 1290 + 3490 + 590);
    expect(order.delivery_email).toBeNull();
    expect(order.billing_email).toBeNull();
  });

  it('§4.2 §8.7 the erasure is recorded as an ERASURE request opened by the SYSTEM channel and COMPLETED, with one audit entry', async () => {
    for (const customer of expectations(shop).erased) {
      const requests = await erasureRequestsOf(db, customer.id);
      expect({ label: customer.label, requests }).toEqual({
        label: customer.label,
        requests: [expect.objectContaining({ channel: 'SYSTEM', status: 'COMPLETED', resolved_at: AS_OF })],
      });
      // The request holds the answer, as any erasure request does, so asking again answers the same.
      const [stored] = await db.query<{ id: string; type: string; result: { status: string; requestId: string; customerId: string } | null }>(
        `select id, type, result from privacy_request where id = $1`,
        [requests[0].id],
      );
      expect(stored.result).toMatchObject({ status: 'ERASED', requestId: stored.id, customerId: customer.id });
      const audit = await db.query(`select 1 from audit_entry where customer_id = $1 and action = 'CHANGE' and operation = 'erasure'`, [customer.id]);
      expect({ label: customer.label, audits: audit.length }).toEqual({ label: customer.label, audits: 1 });
    }
  });

  it('§4.2 §4.3 a lapsed membership or a released legal hold is no basis to keep: those customers are erased too', async () => {
    const items = bySubject(report.items);
    for (const customer of [shop.unusedPlain, shop.unusedExpiredLoyalty, shop.unusedReleasedHold]) {
      expect({ label: customer.label, exists: await customerExists(db, customer.id), action: items.get(customer.id)?.action }).toEqual({
        label: customer.label,
        exists: false,
        action: 'ERASED',
      });
    }
  });

  it('§4.2 a customer unused for two years less a day is untouched and not even examined', async () => {
    const { recent } = shop;
    expect(await customerExists(db, recent.id)).toBe(true);
    const [row] = await db.query<{ email: string; customer_id: string }>(
      'select c.email, o.customer_id from customer c join customer_order o on o.customer_id = c.id where c.id = $1',
      [recent.id],
    );
    expect(row).toEqual({ email: recent.email, customer_id: recent.id });
    expect(await erasureRequestsOf(db, recent.id)).toEqual([]);
    expect(bySubject(report.items).has(recent.id)).toBe(false);
  });

  it.each([
    ['loyal', 'ACTIVE_LOYALTY_MEMBERSHIP', '§4.3 an active loyalty membership'],
    ['openOrder', 'OPEN_ORDER', 'an open (paid, undelivered) order'],
    ['openRequest', 'OPEN_PRIVACY_REQUEST', '§8 an open privacy request'],
    ['legalHold', 'LEGAL_HOLD', '§8.9 a legal hold'],
  ] as const)('§4.2 an unused customer with %s is kept with reason %s (%s)', async (key, reason, _basis) => {
    const customer = shop[key];
    expect(await customerExists(db, customer.id)).toBe(true);
    expect(await erasureRequestsOf(db, customer.id)).toEqual(
      // The open request of that scenario may itself be of another type; no ERASURE is opened for a kept customer.
      [],
    );
    const stored = bySubject(await itemsOf(db, report.runId)).get(customer.id);
    expect(stored).toEqual({ subject_id: customer.id, action: 'KEPT', reason: expect.stringContaining(reason) });
    expect(bySubject(report.items).get(customer.id)).toEqual({ subjectId: customer.id, action: 'KEPT', reason: expect.stringContaining(reason) });
    if (customer.loyaltyId) expect(await db.query('select 1 from loyalty_membership where id = $1', [customer.loyaltyId])).toHaveLength(1);
    if (customer.orderIds.length > 0) {
      const orders = await db.query<{ customer_id: string; held_since: Date | null }>('select customer_id, held_since from customer_order where id = $1', [customer.orderIds[0]]);
      expect(orders).toEqual([{ customer_id: customer.id, held_since: null }]);
    }
  });

  it('§4.2 the retention_run row records the rule, the clock, the counts and COMPLETED, matching its items', async () => {
    const { erased, kept } = expectations(shop);
    const [run] = await runRows(db, RetentionRule.INACTIVE_CUSTOMERS);
    expect(run).toMatchObject({
      id: report.runId,
      rule: 'INACTIVE_CUSTOMERS',
      dry_run: false,
      as_of: AS_OF,
      status: 'COMPLETED',
      examined: erased.length + kept.length,
      acted: erased.length,
      kept: kept.length,
      error: null,
    });
    expect(run.finished_at).not.toBeNull();
    expect(run.finished_at!.getTime()).toBeGreaterThanOrEqual(run.started_at.getTime());
    const items = await itemsOf(db, run.id);
    expect(items).toHaveLength(run.examined);
    expect(new Set(items.filter((i) => i.action === 'ERASED').map((i) => i.subject_id))).toEqual(new Set(erased.map((c) => c.id)));
    expect(new Set(items.filter((i) => i.action === 'KEPT').map((i) => i.subject_id))).toEqual(new Set(kept.map(([c]) => c.id)));
    expect({ examined: report.examined, acted: report.acted, kept: report.kept }).toEqual({ examined: run.examined, acted: run.acted, kept: run.kept });
  });
});

describe('§4.2 --dry-run (dryRun: true)', () => {
  let db: TestDatabase;
  let shop: Shop;
  let report: RetentionReport;
  let before: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    shop = await inactiveCustomersShop(db.orm, AS_OF);
    before = await snapshotTables(db);
    report = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF, dryRun: true });
  }, 120_000);
  afterAll(() => db.close());

  it('§4.2 a dry run changes nothing in any table (only its own report is written)', async () => {
    expect(before.customer).toMatch(new RegExp(`^${Object.keys(shop).length}:`));
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['customer_order', 'privacy_request', 'loyalty_membership', 'audit_entry', 'legal_hold']));
    expect(await snapshotTables(db)).toEqual(before);
    for (const customer of Object.values(shop)) expect({ label: customer.label, exists: await customerExists(db, customer.id) }).toEqual({ label: customer.label, exists: true });
  });

  it('§4.2 a dry run reports WOULD_ERASE for the unused and KEPT with the reason for the others', async () => {
    const { erased, kept } = expectations(shop);
    const items = bySubject(await itemsOf(db, report.runId));
    for (const customer of erased) {
      expect(items.get(customer.id)).toEqual({ subject_id: customer.id, action: 'WOULD_ERASE', reason: expect.stringContaining('§4.2') });
    }
    for (const [customer, reason] of kept) {
      expect(items.get(customer.id)).toEqual({ subject_id: customer.id, action: 'KEPT', reason: expect.stringContaining(reason) });
    }
    expect(items.has(shop.recent.id)).toBe(false);
    expect(items.size).toBe(erased.length + kept.length);
    const [run] = await runRows(db, RetentionRule.INACTIVE_CUSTOMERS);
    expect(run).toMatchObject({ id: report.runId, dry_run: true, status: 'COMPLETED', examined: items.size, acted: erased.length, kept: kept.length });
  });

  it('§4.2 the real pass afterwards erases exactly whom the dry run said it would', async () => {
    const real = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
    const predicted = report.items.filter((i) => i.action === 'WOULD_ERASE').map((i) => i.subjectId);
    const done = real.items.filter((i) => i.action === 'ERASED').map((i) => i.subjectId);
    expect(new Set(done)).toEqual(new Set(predicted));
  });
});

describe('§4.2 running the pass twice', () => {
  let db: TestDatabase;
  let shop: Shop;
  let first: RetentionReport;
  let second: RetentionReport;

  beforeAll(async () => {
    db = await createTestDatabase();
    shop = await inactiveCustomersShop(db.orm, AS_OF);
    first = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
    second = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
  }, 120_000);
  afterAll(() => db.close());

  it('§4.2 the second pass erases nothing: it acts on 0 and keeps the same customers for the same reasons', async () => {
    const { erased, kept } = expectations(shop);
    expect(first.acted).toBe(erased.length);
    expect(second.acted).toBe(0);
    expect(second.items.every((i) => i.action === 'KEPT')).toBe(true);
    const secondItems = bySubject(second.items);
    for (const [customer, reason] of kept) expect(secondItems.get(customer.id)?.reason).toContain(reason);
    expect(secondItems.size).toBe(kept.length);
    const runs = await runRows(db, RetentionRule.INACTIVE_CUSTOMERS);
    expect(runs.map((r) => [r.acted, r.status])).toEqual([
      [erased.length, 'COMPLETED'],
      [0, 'COMPLETED'],
    ]);
  });

  it('§4.2 §8.7 every erased customer has exactly one ERASURE request and one erasure audit entry after two passes', async () => {
    for (const customer of expectations(shop).erased) {
      const audits = await db.query(`select 1 from audit_entry where customer_id = $1 and action = 'CHANGE' and operation = 'erasure'`, [customer.id]);
      expect({ label: customer.label, requests: (await erasureRequestsOf(db, customer.id)).length, audits: audits.length }).toEqual({
        label: customer.label,
        requests: 1,
        audits: 1,
      });
    }
  });
});
