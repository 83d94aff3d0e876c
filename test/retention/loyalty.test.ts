import { OrderStatus } from '../../src/modules/orders/order.entity';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { DEFAULT_RETENTION_POLICY, type RetentionReport } from '../../src/modules/retention/retention.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { AS_OF, bySubject, daysAfter, daysBefore, itemsOf, runPass, runRows, seedCustomer, snapshotTables, type LoyaltyScenario } from './retention-scenarios';

/*
 * §4.3 "loyalty-register data is processed as long as the membership is
 * valid": the LOYALTY_ENDED pass deletes a membership once it ended (ended_at)
 * or ran out (valid_until) more than the grace period ago (30 days by
 * default). It is the membership that goes: the webshop account (§2.1), its
 * orders and everything else stay.
 */

const GRACE = DEFAULT_RETENTION_POLICY.loyaltyGraceDays;

/** Members whose accounts are in use (registered 100 days ago, one delivered order): only the membership is at stake. */
async function loyaltyShop(db: TestDatabase) {
  const member = (label: string, loyalty: LoyaltyScenario) =>
    seedCustomer(db.orm, { label, registeredAt: daysBefore(AS_OF, 100), orders: [OrderStatus.DELIVERED], loyalty: { joinedAt: daysBefore(AS_OF, 100), ...loyalty } });
  return {
    endedPastGrace: await member('ended-31d', { endedAt: daysBefore(AS_OF, GRACE + 1), validUntil: daysAfter(AS_OF, 200) }),
    endedWithinGrace: await member('ended-29d', { endedAt: daysBefore(AS_OF, GRACE - 1), validUntil: daysAfter(AS_OF, 200) }),
    lapsedLongAgo: await member('lapsed-400d', { validUntil: daysBefore(AS_OF, 400) }),
    lapsedWithinGrace: await member('lapsed-10d', { validUntil: daysBefore(AS_OF, 10) }),
    valid: await member('valid', { validUntil: daysAfter(AS_OF, 200) }),
    openEnded: await member('open-ended', {}),
  };
}

type Shop = Awaited<ReturnType<typeof loyaltyShop>>;

async function membershipExists(db: TestDatabase, id: string | null): Promise<boolean> {
  return (await db.query('select 1 from loyalty_membership where id = $1', [id])).length === 1;
}

describe(`§4.3 one LOYALTY_ENDED pass as of T (grace ${GRACE} days)`, () => {
  let db: TestDatabase;
  let shop: Shop;
  let before: Record<string, string>;
  let report: RetentionReport;

  beforeAll(async () => {
    db = await createTestDatabase();
    shop = await loyaltyShop(db);
    before = await snapshotTables(db);
    report = await runPass(db.orm, RetentionRule.LOYALTY_ENDED, { now: AS_OF });
  }, 60_000);
  afterAll(() => db.close());

  it(`§4.3 a membership that ended ${GRACE + 1} days ago is deleted`, async () => {
    expect(await membershipExists(db, shop.endedPastGrace.loyaltyId)).toBe(false);
    expect(bySubject(report.items).get(shop.endedPastGrace.id)).toEqual({ subjectId: shop.endedPastGrace.id, action: 'DELETED_LOYALTY', reason: expect.stringContaining('§4.3') });
  });

  it(`§4.3 a membership that ended ${GRACE - 1} days ago is kept (still within the grace period)`, async () => {
    expect(await membershipExists(db, shop.endedWithinGrace.loyaltyId)).toBe(true);
    expect(bySubject(report.items).has(shop.endedWithinGrace.id)).toBe(false);
  });

  it('§4.3 a membership whose valid_until passed long ago, never marked ended, is deleted', async () => {
    expect(await membershipExists(db, shop.lapsedLongAgo.loyaltyId)).toBe(false);
    expect(bySubject(report.items).get(shop.lapsedLongAgo.id)?.action).toBe('DELETED_LOYALTY');
  });

  it('§4.3 valid memberships, open-ended ones and one lapsed within the grace period are kept', async () => {
    for (const customer of [shop.valid, shop.openEnded, shop.lapsedWithinGrace]) {
      expect({ label: customer.label, exists: await membershipExists(db, customer.loyaltyId) }).toEqual({ label: customer.label, exists: true });
    }
    expect(report.examined).toBe(2);
    expect(report.acted).toBe(2);
  });

  it('§4.3 §2.1 the webshop account stays: only loyalty_membership (and the audit trail) changed; customers and orders are as they were', async () => {
    const after = await snapshotTables(db);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed.sort()).toEqual(['audit_entry', 'loyalty_membership']);
    for (const customer of [shop.endedPastGrace, shop.lapsedLongAgo]) {
      const rows = await db.query<{ email: string; status: string; orders: string }>(
        'select c.email, c.status, (select count(*) from customer_order o where o.customer_id = c.id)::text as orders from customer c where c.id = $1',
        [customer.id],
      );
      expect(rows).toEqual([{ email: customer.email, status: 'ACTIVE', orders: String(customer.orderIds.length) }]);
    }
  });

  it('§4.3 §9.2 each deletion is audited as a CHANGE of Customer.loyalty by the system', async () => {
    for (const customer of [shop.endedPastGrace, shop.lapsedLongAgo]) {
      const audits = await db.query<{ fields: string[]; principal_kind: string; occurred_at: Date }>(
        `select fields, principal_kind, occurred_at from audit_entry where customer_id = $1 and action = 'CHANGE' and operation = 'retention:loyalty'`,
        [customer.id],
      );
      // The database dates audit rows by its own clock (issue 10), not the pass's clock.
      expect(audits).toEqual([{ fields: ['Customer.loyalty'], principal_kind: 'SYSTEM', occurred_at: expect.any(Date) }]);
      expect(Math.abs(audits[0].occurred_at.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    }
  });

  it('§4.3 the report is stored: rule LOYALTY_ENDED, COMPLETED, two DELETED_LOYALTY items; a second pass deletes nothing', async () => {
    const [run] = await runRows(db, RetentionRule.LOYALTY_ENDED);
    expect(run).toMatchObject({ id: report.runId, rule: 'LOYALTY_ENDED', dry_run: false, as_of: AS_OF, status: 'COMPLETED', examined: 2, acted: 2, kept: 0 });
    const items = await itemsOf(db, run.id);
    expect(new Set(items.map((i) => `${i.action} ${i.subject_id}`))).toEqual(new Set([shop.endedPastGrace.id, shop.lapsedLongAgo.id].map((id) => `DELETED_LOYALTY ${id}`)));

    const again = await runPass(db.orm, RetentionRule.LOYALTY_ENDED, { now: AS_OF });
    expect({ examined: again.examined, acted: again.acted }).toEqual({ examined: 0, acted: 0 });
  });
});

describe('§4.3 dry run and policy', () => {
  let db: TestDatabase;
  let shop: Shop;

  beforeAll(async () => {
    db = await createTestDatabase();
    shop = await loyaltyShop(db);
  }, 60_000);
  afterAll(() => db.close());

  it('§4.3 a dry run deletes nothing and reports WOULD_DELETE_LOYALTY for the same members', async () => {
    const before = await snapshotTables(db);
    const report = await runPass(db.orm, RetentionRule.LOYALTY_ENDED, { now: AS_OF, dryRun: true });
    expect(await snapshotTables(db)).toEqual(before);
    expect(new Set(report.items.map((i) => `${i.action} ${i.subjectId}`))).toEqual(
      new Set([shop.endedPastGrace.id, shop.lapsedLongAgo.id].map((id) => `WOULD_DELETE_LOYALTY ${id}`)),
    );
  });

  it('§4.3 the grace period comes from the policy: with 45 days, a membership ended 31 days ago stays', async () => {
    const report = await runPass(db.orm, RetentionRule.LOYALTY_ENDED, { now: AS_OF }, { ...DEFAULT_RETENTION_POLICY, loyaltyGraceDays: 45 });
    expect(report.items.map((i) => i.subjectId)).toEqual([shop.lapsedLongAgo.id]);
    expect(await membershipExists(db, shop.endedPastGrace.loyaltyId)).toBe(true);
    expect(await membershipExists(db, shop.lapsedLongAgo.loyaltyId)).toBe(false);
  });
});

describe('§4.3 §8.9 a legal hold', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  // BUG (reported): the LOYALTY_ENDED pass deletes memberships without looking at legal_hold,
  // while INACTIVE_CUSTOMERS and erasure both stop at an active hold (§8.9 "a right not to delete").
  it('§4.3 §8.9 a membership that ended past the grace period is kept while its customer is under a legal hold', async () => {
    const held = await seedCustomer(db.orm, {
      label: 'held-member',
      registeredAt: daysBefore(AS_OF, 100),
      loyalty: { endedAt: daysBefore(AS_OF, GRACE + 1) },
      legalHold: { at: daysBefore(AS_OF, 5) },
    });
    const report = await runPass(db.orm, RetentionRule.LOYALTY_ENDED, { now: AS_OF });
    expect(await membershipExists(db, held.loyaltyId)).toBe(true);
    expect(bySubject(report.items).get(held.id)).toEqual({ subjectId: held.id, action: 'KEPT', reason: expect.stringContaining('LEGAL_HOLD') });
  });
});
