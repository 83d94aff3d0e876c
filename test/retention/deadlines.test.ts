import type { MikroORM } from '@mikro-orm/postgresql';
import { PrivacyRequestStatus, PrivacyRequestType, RequestChannel } from '../../src/modules/privacy-requests/privacy-request.entity';
import {
  completePrivacyRequest,
  extendPrivacyRequest,
  recordPrivacyRequest,
  refusePrivacyRequest,
  verifyPrivacyRequest,
} from '../../src/modules/privacy-requests/privacy-requests.service';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { DEFAULT_RETENTION_POLICY } from '../../src/modules/retention/retention.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { systemContext } from '../support/scenarios';
import { AS_OF, bySubject, clock, daysAfter, daysBefore, itemsOf, runPass, runRows, seedCustomer, snapshotTables } from './retention-scenarios';

/*
 * §8.6 "the controller answers within the time the GDPR sets (as a rule
 * within one month)": the REQUEST_DEADLINES pass flags, once, every open
 * request (awaiting verification or open) that is due within the warning
 * window (7 days by default) or already overdue, by setting
 * deadline_alerted_at. Answered requests are never flagged.
 */

const WARNING = DEFAULT_RETENTION_POLICY.requestWarningDays;

/** One calendar month before `due` (days of month ≤ 28 only), so the request falls due exactly at `due`. */
function receivedFor(due: Date): Date {
  if (due.getUTCDate() > 28) throw new Error('pick a due day ≤ 28');
  const received = new Date(due.getTime());
  received.setUTCMonth(received.getUTCMonth() - 1);
  return received;
}

type Outcome = 'open' | 'awaiting' | 'completed' | 'refused' | 'extended';

/** A written request due at `due`, handled as far as `outcome` says (each step on its own clock, never after AS_OF). */
async function requestDueAt(orm: MikroORM, customerId: string, due: Date, outcome: Outcome): Promise<string> {
  const receivedAt = receivedFor(due);
  const handledAt = new Date(Math.min(daysAfter(receivedAt, 2).getTime(), AS_OF.getTime()));
  const request = await recordPrivacyRequest(systemContext(orm, clock(receivedAt)), {
    customerId,
    type: PrivacyRequestType.ACCESS,
    channel: RequestChannel.EMAIL,
    receivedAt,
    // Each letter says something of its own: identical letters on one day merge into one request (issue 10).
    note: `letter ${outcome}, due ${due.toISOString().slice(0, 10)}`,
  });
  if (request.dueAt.getTime() !== due.getTime()) throw new Error(`scenario: due ${request.dueAt.toISOString()}, wanted ${due.toISOString()}`);
  const at = systemContext(orm, clock(handledAt));
  if (outcome === 'awaiting') return request.id;
  if (outcome === 'refused') {
    await refusePrivacyRequest(at, request.id, 'Identity could not be verified (§8.5)');
    return request.id;
  }
  await verifyPrivacyRequest(at, request.id, 'replied from the registered e-mail address');
  if (outcome === 'completed') await completePrivacyRequest(at, request.id, 'Export sent');
  if (outcome === 'extended') await extendPrivacyRequest(at, request.id, 1, 'Several registers to search');
  return request.id;
}

async function deadlinesShop(orm: MikroORM) {
  const customer = await seedCustomer(orm, { label: 'requester', registeredAt: daysBefore(AS_OF, 120) });
  const request = (due: Date, outcome: Outcome) => requestDueAt(orm, customer.id, due, outcome);
  return {
    dueIn3: await request(daysAfter(AS_OF, 3), 'open'),
    dueIn6Awaiting: await request(daysAfter(AS_OF, 6), 'awaiting'),
    overdue5: await request(daysBefore(AS_OF, 5), 'open'),
    overdue2Awaiting: await request(daysBefore(AS_OF, 2), 'awaiting'),
    dueIn8: await request(daysAfter(AS_OF, WARNING + 1), 'open'),
    dueIn20: await request(daysAfter(AS_OF, 20), 'open'),
    completedOverdue: await request(daysBefore(AS_OF, 5), 'completed'),
    refusedOverdue: await request(daysBefore(AS_OF, 2), 'refused'),
    /** Due in 3 days, but extended by a month before the pass: the extended deadline counts. */
    extended: await request(daysAfter(AS_OF, 3), 'extended'),
  };
}

type Shop = Awaited<ReturnType<typeof deadlinesShop>>;

async function alertedAt(db: TestDatabase, ids: readonly string[]): Promise<Record<string, Date | null>> {
  const rows = await db.query<{ id: string; deadline_alerted_at: Date | null }>('select id, deadline_alerted_at from privacy_request where id = any($1::uuid[])', [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.deadline_alerted_at]));
}

describe('§8.6 request deadlines', () => {
  let db: TestDatabase;
  let shop: Shop;

  beforeEach(async () => {
    db = await createTestDatabase();
    shop = await deadlinesShop(db.orm);
  });
  afterEach(() => db.close());

  it(`§8.6 open requests due within ${WARNING} days or overdue are flagged (deadline_alerted_at set), whether verified or not`, async () => {
    const report = await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: AS_OF });
    const items = bySubject(report.items);
    expect(new Map([...items].map(([id, item]) => [id, `${item.action} ${item.reason}`]))).toEqual(
      new Map([
        [shop.dueIn3, 'FLAGGED DUE_SOON (§8.6)'],
        [shop.dueIn6Awaiting, 'FLAGGED DUE_SOON (§8.6)'],
        [shop.overdue5, 'FLAGGED OVERDUE (§8.6)'],
        [shop.overdue2Awaiting, 'FLAGGED OVERDUE (§8.6)'],
      ]),
    );
    const alerts = await alertedAt(db, Object.values(shop));
    expect(alerts).toEqual({
      [shop.dueIn3]: AS_OF,
      [shop.dueIn6Awaiting]: AS_OF,
      [shop.overdue5]: AS_OF,
      [shop.overdue2Awaiting]: AS_OF,
      [shop.dueIn8]: null,
      [shop.dueIn20]: null,
      [shop.completedOverdue]: null,
      [shop.refusedOverdue]: null,
      [shop.extended]: null,
    });
    const [run] = await runRows(db, RetentionRule.REQUEST_DEADLINES);
    expect(run).toMatchObject({ id: report.runId, status: 'COMPLETED', dry_run: false, examined: 4, acted: 4, kept: 0 });
    expect(await itemsOf(db, run.id)).toHaveLength(4);
  });

  it('§8.6 each request is flagged once: a second pass flags nothing new, a later one only what has since come due', async () => {
    await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: AS_OF });
    const firstAlerts = await alertedAt(db, Object.values(shop));

    const again = await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: daysAfter(AS_OF, 0.5) });
    expect(again.items).toEqual([]);
    expect(await alertedAt(db, Object.values(shop))).toEqual(firstAlerts);

    // Two weeks on: the 8-day one is overdue and the 20-day one is due within the window.
    const later = daysAfter(AS_OF, 14);
    const third = await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: later });
    expect(new Map(third.items.map((i) => [i.subjectId, i.reason]))).toEqual(
      new Map([
        [shop.dueIn8, 'OVERDUE (§8.6)'],
        [shop.dueIn20, 'DUE_SOON (§8.6)'],
      ]),
    );
    const alerts = await alertedAt(db, Object.values(shop));
    expect(alerts[shop.dueIn8]).toEqual(later);
    expect(alerts[shop.dueIn3]).toEqual(AS_OF);
  });

  it('§8.6 completed and refused requests are never flagged, however overdue; the extended one only near its new deadline', async () => {
    const farFuture = daysAfter(AS_OF, 400);
    const report = await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: farFuture });
    const flagged = new Set(report.items.map((i) => i.subjectId));
    expect(flagged.has(shop.completedOverdue)).toBe(false);
    expect(flagged.has(shop.refusedOverdue)).toBe(false);
    expect(flagged.has(shop.extended)).toBe(true);
    const statuses = await db.query<{ id: string; status: string; deadline_alerted_at: Date | null }>(
      'select id, status, deadline_alerted_at from privacy_request where id = any($1::uuid[]) order by status',
      [[shop.completedOverdue, shop.refusedOverdue]],
    );
    expect(statuses.map((s) => [s.status, s.deadline_alerted_at])).toEqual([
      [PrivacyRequestStatus.COMPLETED, null],
      [PrivacyRequestStatus.REFUSED, null],
    ]);
  });

  it('§8.6 a dry run flags nothing and reports WOULD_FLAG for the same requests', async () => {
    const before = await snapshotTables(db);
    const dry = await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: AS_OF, dryRun: true });
    expect(await snapshotTables(db)).toEqual(before);
    expect(new Set(dry.items.map((i) => `${i.action} ${i.subjectId}`))).toEqual(
      new Set([shop.dueIn3, shop.dueIn6Awaiting, shop.overdue5, shop.overdue2Awaiting].map((id) => `WOULD_FLAG ${id}`)),
    );
  });

  // SUSPECTED BUG (reported): deadline_alerted_at is never cleared, so a request flagged as due soon
  // and then extended (Art 12(3)) is not flagged again when its new deadline nears or passes.
  it('§8.6 a request flagged, then extended, is flagged again when the extended deadline comes near', async () => {
    await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: AS_OF });
    const [before] = await db.query<{ deadline_alerted_at: Date | null }>('select deadline_alerted_at from privacy_request where id = $1', [shop.dueIn3]);
    expect(before.deadline_alerted_at).toEqual(AS_OF);

    const extension = await extendPrivacyRequest(systemContext(db.orm, clock(daysAfter(AS_OF, 1))), shop.dueIn3, 2, 'Complex request');
    const nearNewDeadline = daysBefore(extension.effectiveDueAt, 2);
    const report = await runPass(db.orm, RetentionRule.REQUEST_DEADLINES, { now: nearNewDeadline });
    expect(report.items.map((i) => i.subjectId)).toContain(shop.dueIn3);
  });
});
