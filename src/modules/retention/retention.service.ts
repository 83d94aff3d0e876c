import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { RuntimeSettings } from '../../config/config';
import { execute } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { createRequestContext } from '../../app/context';
import type { Logger } from '../../core/logging/logger';
import { auditChanges } from '../audit/audit.collector';
import { eraseSubjects } from '../erasure/erasure.service';
import type { DataSubject } from '../../core/personal-data/registry';
import { ERASED_TEXT } from '../orders/orders.personal-data';
import { addCalendarMonths } from '../privacy-requests/privacy-requests.service';
import { RetentionRule, RetentionRun, RetentionRunStatus } from './retention-run.entity';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from './retention.periods';
import { legalHoldBlocksErasure } from '../legal-holds/legal-holds.erasure-blockers';
import { GUEST_CONTACT_DUE_SQL } from '../orders/orders.guests';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmailBatch, type BatchEmail } from '../outbox/outbox.service';

/*
 * The statement's clocks, kept by scheduled passes (pg-boss, see
 * retention.jobs.ts) or by the operator CLI. Every pass works in batches, is
 * idempotent (what it handled no longer matches its query) and so resumes
 * after a crash by simply running again, and records a report: when, which
 * rule, how many, and which subjects by id, with the reason for each kept one.
 */

export interface RetentionOptions {
  now: Date;
  dryRun: boolean;
  batchSize?: number;
  /** Stop after this many subjects (a bounded run; tests use it to stop "halfway"). */
  limit?: number;
  /** Batch loops working side by side on disjoint key ranges (default 2: one per core here). */
  concurrency?: number;
  onProgress?: (progress: { rule: RetentionRule; examined: number; acted: number; kept: number }) => void;
}

export { DEFAULT_RETENTION_POLICY, type RetentionPolicy };

/** How many items a report returns to its caller; the table retention_run_item has them all. */
export const REPORT_ITEMS_IN_MEMORY = 10_000;

export interface RetentionReport {
  runId: string;
  rule: RetentionRule;
  dryRun: boolean;
  asOf: Date;
  examined: number;
  acted: number;
  kept: number;
  /** The first REPORT_ITEMS_IN_MEMORY items; all of them are in retention_run_item. */
  items: { subjectId: string; action: string; reason: string | null }[];
}

interface Item {
  subjectId: string;
  action: string;
  reason: string | null;
}

/** One batch: what was done, the last key seen (the next batch starts after it) and how many rows the batch query found. */
type BatchFn = (
  ctx: RequestContext,
  range: KeyRange,
  size: number,
  options: RetentionOptions,
  policy: RetentionPolicy,
) => Promise<{ items: Item[]; last: string | null; fetched: number }>;

const FIRST = '00000000-0000-0000-0000-000000000000';
const LAST = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** A slice of the uuid key space: keys > after and <= through. */
interface KeyRange {
  after: string;
  through: string;
}

/**
 * Split the key space into `parts` slices by the leading hex digits, so that
 * several batch loops can work side by side on disjoint subjects (uuids are
 * spread evenly over it).
 */
function keyRanges(parts: number): KeyRange[] {
  const ranges: KeyRange[] = [];
  const step = Math.floor(0x10000 / parts);
  let after = FIRST;
  for (let i = 1; i <= parts; i++) {
    const through = i === parts ? LAST : `${(i * step - 1).toString(16).padStart(4, '0')}ffff-ffff-ffff-ffff-ffffffffffff`;
    ranges.push({ after, through });
    after = through;
  }
  return ranges;
}

function systemContext(orm: MikroORM, settings: RuntimeSettings, logger: Logger, now: Date, rule: RetentionRule): RequestContext {
  return createRequestContext({ orm, principal: { kind: 'SYSTEM', job: `retention:${rule}` }, requestId: `retention-${rule.toLowerCase()}`, log: logger, settings, now: () => now });
}

/**
 * Why an unused customer is kept anyway (§4.2 "unless there is another basis"), as SQL over alias c:
 * an active membership and an open request, plus every contributed erasure blocker (legal holds,
 * open orders): the same definitions the erasure request refuses with.
 */
function keepReasonsSql(ctx: RequestContext): string {
  return [
    `exists (select 1 from loyalty_membership m where m.customer_id = c.id and m.ended_at is null
            and (m.valid_until is null or m.valid_until > ?)) as loyalty`,
    `exists (select 1 from privacy_request r where r.customer_id = c.id and r.status in ('AWAITING_VERIFICATION', 'OPEN')) as "openRequest"`,
    ...ctx.contributions.erasureBlockers.map((blocker, i) => `${blocker.blockedSql('c.id')} as "blocked${i}"`),
  ].join(',\n  ');
}

interface Candidate {
  customerId: string;
  email: string | null;
  language?: 'FI' | 'EN';
  loyalty: boolean;
  openRequest: boolean;
  [blocked: `blocked${number}`]: boolean;
}

function keepReasons(ctx: RequestContext, row: Candidate): string[] {
  return [
    row.loyalty && 'ACTIVE_LOYALTY_MEMBERSHIP (§4.3)',
    ...ctx.contributions.erasureBlockers.map((blocker, i) => row[`blocked${i}`] && blocker.keepReason),
    row.openRequest && 'OPEN_PRIVACY_REQUEST (§8)',
  ].filter((reason): reason is string => Boolean(reason));
}

/**
 * §4.2: customers with no activity for two years, unless a basis to keep them
 * exists. A batch is erased in ONE transaction with set-based SQL through the
 * same registry the rights use: the batch's rows are locked and the reasons
 * to keep re-checked under the lock, so a customer who signed in or ordered
 * a moment ago is not erased. Each erased customer gets a SYSTEM erasure
 * request holding the answer, as any erasure does.
 */
const inactiveCustomers: BatchFn = async (ctx, range, size, options, policy) => {
  const cutoff = addCalendarMonths(options.now, -policy.inactiveMonths);
  const candidates = await execute<Candidate>(
    ctx.em,
    `select c.id as "customerId", c.email, ${keepReasonsSql(ctx)}
     from customer c where c.last_activity_at < ? and c.id > ?::uuid and c.id <= ?::uuid order by c.id limit ${size}`,
    [options.now, cutoff, range.after, range.through],
  );
  const last = candidates.at(-1)?.customerId ?? null;
  if (options.dryRun) {
    return {
      items: candidates.map((row) => {
        const reasons = keepReasons(ctx, row);
        return reasons.length > 0
          ? { subjectId: row.customerId, action: 'KEPT', reason: reasons.join('; ') }
          : { subjectId: row.customerId, action: 'WOULD_ERASE', reason: 'UNUSED_TWO_YEARS (§4.2)' };
      }),
      last,
      fetched: candidates.length,
    };
  }
  const items = await ctx.em.transactional(async (em) => {
    const locked = await execute<Candidate>(
      em,
      `select c.id as "customerId", c.email, c.language, ${keepReasonsSql(ctx)}
       from customer c where c.id = any(?::uuid[]) and c.last_activity_at < ? order by c.id for update of c`,
      [options.now, `{${candidates.map((c) => c.customerId).join(',')}}`, cutoff],
    );
    const batchItems: Item[] = [];
    const erasable: DataSubject[] = [];
    const languages = new Map<string, 'FI' | 'EN'>();
    const emails = new Map<string, string>();
    for (const row of locked) {
      const reasons = keepReasons(ctx, row);
      if (reasons.length > 0) batchItems.push({ subjectId: row.customerId, action: 'KEPT', reason: reasons.join('; ') });
      else {
        erasable.push({ customerId: row.customerId, email: row.email });
        languages.set(row.customerId, row.language ?? 'FI');
        if (row.email) emails.set(row.customerId, row.email);
      }
    }
    if (erasable.length === 0) return batchItems;
    const outcomes = await eraseSubjects({ ...ctx, em }, erasable, options.now);
    // One SYSTEM erasure request per customer, holding the answer, in one INSERT.
    const results = erasable.map((subject) => {
      const requestId = randomUUID();
      return {
        requestId,
        customerId: subject.customerId,
        // The categories without their legal-basis prose (the same for everyone and in the
        // registry): the stored answer stays small at a million rows.
        result: {
          status: 'ERASED',
          requestId,
          customerId: subject.customerId,
          refusalReason: null,
          refusalCode: null,
          categories: (outcomes.get(subject.customerId) ?? []).map(({ category, outcome, count, retainedUntil }) => ({ category, outcome, count, retainedUntil, legalBasis: null })),
          decidedAt: options.now,
        },
      };
    });
    await execute(
      em,
      `insert into privacy_request (id, customer_id, type, status, channel, received_at, due_at, recorded_by, verified_at, verified_by,
         verification_method, resolved_at, resolved_by, note, result)
       select (r->>'requestId')::uuid, (r->>'customerId')::uuid, 'ERASURE', 'COMPLETED', 'SYSTEM', ?, ?, 'SYSTEM', ?, 'SYSTEM',
         'retention rule §4.2', ?, 'SYSTEM', 'Unused for two years (§4.2)', r->'result'
       from jsonb_array_elements(?::jsonb) as r`,
      [options.now, options.now, options.now, options.now, JSON.stringify(results)],
    );
    // Issue 11 "erasure done (sent, then the address goes)", as for an erasure on request: the
    // receipt goes to the address as it was, copied into the outbox in this transaction (the
    // customer row no longer has it), and the outbox forgets it once sent (§4.2, §8.7).
    await enqueueEmailBatch(
      em,
      EmailKind.ERASURE_DONE,
      results.flatMap(({ requestId, customerId, result }): BatchEmail[] => {
        const email = emails.get(customerId);
        if (!email) return [];
        const retained = result.categories.filter((c) => c.outcome === 'RETAINED').map((c) => `${c.category}${c.retainedUntil ? ` (${c.retainedUntil})` : ''}`);
        const params: Record<string, string> = retained.length > 0 ? { retained: retained.join('; ') } : {};
        return [{ customerId, address: email, language: languages.get(customerId) ?? 'FI', requestId, params }];
      }),
      options.now,
    );
    for (const subject of erasable) batchItems.push({ subjectId: subject.customerId, action: 'ERASED', reason: 'UNUSED_TWO_YEARS (§4.2)' });
    return batchItems;
  });
  return { items, last, fetched: candidates.length };
};

/** §4.3: a membership that ended (or whose validity passed) more than the grace period ago. */
const loyaltyEnded: BatchFn = async (ctx, range, size, options, policy) => {
  const cutoff = new Date(options.now.getTime() - policy.loyaltyGraceDays * 86_400_000);
  const rows = await execute<{ id: string; customerId: string; hold: boolean }>(
    ctx.em,
    `select m.id, m.customer_id as "customerId",
       ${legalHoldBlocksErasure.blockedSql('m.customer_id')} as hold
     from loyalty_membership m
     where coalesce(m.ended_at, m.valid_until) < ? and m.id > ?::uuid and m.id <= ?::uuid order by m.id limit ${size}`,
    [cutoff, range.after, range.through],
  );
  // §8.9: a legal hold keeps the membership too.
  const gone = rows.filter((row) => !row.hold);
  if (gone.length > 0 && !options.dryRun) {
    await ctx.em.transactional(async (em) => {
      await execute(em, 'delete from loyalty_membership where id = any(?::uuid[])', [`{${gone.map((r) => r.id).join(',')}}`]);
      await auditChanges(em, ctx.principal, { requestId: ctx.requestId, at: options.now, operation: 'retention:loyalty' }, gone.map((r) => r.customerId), ['Customer.loyalty']);
    });
  }
  const items = rows.map((row) =>
    row.hold
      ? { subjectId: row.customerId, action: 'KEPT', reason: 'LEGAL_HOLD (§8.9)' }
      : { subjectId: row.customerId, action: options.dryRun ? 'WOULD_DELETE_LOYALTY' : 'DELETED_LOYALTY', reason: 'MEMBERSHIP_ENDED (§4.3)' },
  );
  return { items, last: rows.at(-1)?.id ?? null, fetched: rows.length };
};

/**
 * §8.9: held bookkeeping past its retain-until date loses the billing name and address; totals and
 * lines stay. §4.2 for guests: a closed guest order's contact and delivery details go once it is
 * `inactiveMonths` old, leaving only the bookkeeping on its own clock.
 */
const heldOrdersExpired: BatchFn = async (ctx, range, size, options, policy) => {
  const today = options.now.toISOString().slice(0, 10);
  const guestCutoff = addCalendarMonths(options.now, -policy.inactiveMonths);
  const rows = await execute<{ id: string; expired: boolean }>(
    ctx.em,
    `select o.id, (o.retain_until < ?::date and o.anonymised_at is null) as expired from customer_order o
     where ((o.retain_until < ?::date and o.anonymised_at is null) or ${GUEST_CONTACT_DUE_SQL})
       and o.id > ?::uuid and o.id <= ?::uuid order by o.id limit ${size}`,
    [today, today, guestCutoff, range.after, range.through],
  );
  const expired = rows.filter((r) => r.expired);
  const guests = rows.filter((r) => !r.expired);
  if (expired.length > 0 && !options.dryRun) {
    const ids = `{${expired.map((r) => r.id).join(',')}}`;
    await execute(
      ctx.em,
      `update customer_order set anonymised_at = ?, billing_name = ?, billing_line1 = ?, billing_line2 = null,
         billing_postal_code = ?, billing_city = ?, billing_email = null, billing_phone = null,
         delivery_name = ?, delivery_line1 = ?, delivery_line2 = null, delivery_postal_code = ?, delivery_city = ?,
         delivery_email = null, delivery_phone = null
       where id = any(?::uuid[])`,
      [options.now, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ids],
    );
  }
  if (guests.length > 0 && !options.dryRun) {
    // held_since marks it done: the order no longer matches, so the pass stays idempotent.
    await execute(
      ctx.em,
      `update customer_order set held_since = ?, billing_email = null, billing_phone = null,
         delivery_name = ?, delivery_line1 = ?, delivery_line2 = null, delivery_postal_code = ?, delivery_city = ?,
         delivery_email = null, delivery_phone = null
       where id = any(?::uuid[])`,
      [options.now, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, `{${guests.map((r) => r.id).join(',')}}`],
    );
  }
  const items: Item[] = rows.map((row) =>
    row.expired
      ? { subjectId: row.id, action: options.dryRun ? 'WOULD_ANONYMISE_ORDER' : 'ANONYMISED_ORDER', reason: 'RETENTION_ENDED (§8.9)' }
      : { subjectId: row.id, action: options.dryRun ? 'WOULD_CLEAR_GUEST_CONTACT' : 'CLEARED_GUEST_CONTACT', reason: 'GUEST_CONTACT_UNUSED (§4.2)' },
  );
  return { items, last: rows.at(-1)?.id ?? null, fetched: rows.length };
};

/** §8.6: open requests due within the warning window (or overdue) are flagged once for the privacy officer. */
const requestDeadlines: BatchFn = async (ctx, range, size, options, policy) => {
  const horizon = new Date(options.now.getTime() + policy.requestWarningDays * 86_400_000);
  const rows = await execute<{ id: string; overdue: boolean }>(
    ctx.em,
    `select r.id, coalesce(r.extended_due_at, r.due_at) < ? as overdue from privacy_request r
     where r.status in ('AWAITING_VERIFICATION', 'OPEN') and r.deadline_alerted_at is null
       and coalesce(r.extended_due_at, r.due_at) < ? and r.id > ?::uuid and r.id <= ?::uuid order by r.id limit ${size}`,
    [options.now, horizon, range.after, range.through],
  );
  if (rows.length > 0 && !options.dryRun) {
    await execute(ctx.em, 'update privacy_request set deadline_alerted_at = ? where id = any(?::uuid[])', [options.now, `{${rows.map((r) => r.id).join(',')}}`]);
  }
  const items = rows.map((r) => ({ subjectId: r.id, action: options.dryRun ? 'WOULD_FLAG' : 'FLAGGED', reason: r.overdue ? 'OVERDUE (§8.6)' : 'DUE_SOON (§8.6)' }));
  return { items, last: rows.at(-1)?.id ?? null, fetched: rows.length };
};

/** Sessions, tokens and throttling records past their use. Counted, not itemised (no customers involved). */
async function housekeeping(ctx: RequestContext, options: RetentionOptions): Promise<Item[]> {
  const week = new Date(options.now.getTime() - 7 * 86_400_000);
  const quarter = new Date(options.now.getTime() - 90 * 86_400_000);
  const day = new Date(options.now.getTime() - 86_400_000);
  const statements: [string, string, unknown[]][] = [
    ['SESSIONS', 'from session where expires_at < ? or revoked_at < ?', [week, week]],
    ['PARTNER_TOKENS', 'from partner_token where expires_at < ? or revoked_at < ?', [quarter, quarter]],
    ['LOGIN_FAILURES', 'from login_failure where at < ?', [day]],
  ];
  const items: Item[] = [];
  for (const [what, from, params] of statements) {
    const rows = options.dryRun
      ? await execute<{ n: string }>(ctx.em, `select count(*) as n ${from}`, params)
      : await execute<{ n: string }>(ctx.em, `with gone as (delete ${from} returning 1) select count(*) as n from gone`, params);
    items.push({ subjectId: FIRST, action: options.dryRun ? `WOULD_DELETE_${what}` : `DELETED_${what}`, reason: rows[0].n });
  }
  return items;
}

const BATCHES: Record<Exclude<RetentionRule, RetentionRule.HOUSEKEEPING>, BatchFn> = {
  [RetentionRule.INACTIVE_CUSTOMERS]: inactiveCustomers,
  [RetentionRule.LOYALTY_ENDED]: loyaltyEnded,
  [RetentionRule.HELD_ORDERS_EXPIRED]: heldOrdersExpired,
  [RetentionRule.REQUEST_DEADLINES]: requestDeadlines,
};

/** Run one rule to the end (or to `limit`), batch by batch, recording the report as it goes. */
export async function runRetentionPass(
  orm: MikroORM,
  settings: RuntimeSettings,
  logger: Logger,
  rule: RetentionRule,
  options: RetentionOptions,
  policy: RetentionPolicy = DEFAULT_RETENTION_POLICY,
): Promise<RetentionReport> {
  const ctx = systemContext(orm, settings, logger, options.now, rule);
  const em = orm.em.fork();
  const run = em.create(RetentionRun, { rule, dryRun: options.dryRun, asOf: options.now, startedAt: new Date() });
  await em.flush();
  const report: RetentionReport = { runId: run.id, rule, dryRun: options.dryRun, asOf: options.now, examined: 0, acted: 0, kept: 0, items: [] };
  // Items go straight to the report table (one INSERT per batch) and are not kept in the
  // ORM's identity map, so memory stays flat however many subjects a pass handles.
  const record = async (items: Item[]) => {
    if (items.length > 0) {
      await execute(
        em,
        `insert into retention_run_item (run_id, subject_id, action, reason)
         select ?::uuid, (i->>'subjectId')::uuid, i->>'action', i->>'reason' from jsonb_array_elements(?::jsonb) as i`,
        [run.id, JSON.stringify(items)],
      );
    }
    for (const item of items) {
      if (report.items.length < REPORT_ITEMS_IN_MEMORY) report.items.push(item);
      report.examined += 1;
      if (item.action === 'KEPT') report.kept += 1;
      else report.acted += 1;
    }
    await execute(em, 'update retention_run set examined = ?, acted = ?, kept = ? where id = ?::uuid', [report.examined, report.acted, report.kept, run.id]);
    options.onProgress?.({ rule, examined: report.examined, acted: report.acted, kept: report.kept });
  };
  try {
    if (rule === RetentionRule.HOUSEKEEPING) {
      await record(await housekeeping(ctx, options));
    } else {
      const batch = BATCHES[rule];
      const size = options.batchSize ?? 500;
      // Disjoint key ranges, one loop each: the database works on them side by side. A
      // bounded run (limit) keeps to one loop so it stops at exactly its limit.
      const parts = options.limit === undefined ? Math.max(1, options.concurrency ?? 2) : 1;
      const loops = keyRanges(parts).map(async (range) => {
        let after = range.after;
        for (;;) {
          const room = options.limit === undefined ? size : Math.min(size, options.limit - report.examined);
          if (room <= 0) break;
          const { items, last, fetched } = await batch(ctx, { after, through: range.through }, room, options, policy);
          await record(items);
          if (last === null || fetched < room) break;
          after = last;
        }
      });
      const settled = await Promise.allSettled(loops);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    run.status = RetentionRunStatus.COMPLETED;
  } catch (error) {
    run.status = RetentionRunStatus.FAILED;
    run.error = error instanceof Error ? error.name : 'unknown';
    throw error;
  } finally {
    run.finishedAt = new Date();
    run.examined = report.examined;
    run.acted = report.acted;
    run.kept = report.kept;
    await em.flush();
  }
  return report;
}

export const ALL_RULES: readonly RetentionRule[] = [
  RetentionRule.REQUEST_DEADLINES,
  RetentionRule.HELD_ORDERS_EXPIRED,
  RetentionRule.LOYALTY_ENDED,
  RetentionRule.INACTIVE_CUSTOMERS,
  RetentionRule.HOUSEKEEPING,
];
