import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';
import type { InactivityKeeper, RetentionBatch, RetentionRuleContribution } from '../../core/retention/rules';
import { RetentionRule } from '../retention/retention-run.entity';

/** §8.6: open requests due within the warning window (or overdue) are flagged once for the privacy officer. */
const requestDeadlines: RetentionBatch = async (ctx, range, size, options, policy) => {
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

export const PRIVACY_REQUESTS_RETENTION_RULES: readonly RetentionRuleContribution[] = [{ rule: RetentionRule.REQUEST_DEADLINES, batch: requestDeadlines }];

/** §4.2 "unless there is another basis": a request still being handled keeps the account it concerns (§8). */
export const openRequestKeepsCustomer: InactivityKeeper = {
  keepReason: 'OPEN_PRIVACY_REQUEST (§8)',
  keptSql: (customerIdSql) => `exists (select 1 from privacy_request r where r.customer_id = ${customerIdSql} and r.status in ('AWAITING_VERIFICATION', 'OPEN'))`,
};

/** One erasure done by a retention clock, with its answer, as the request that records it. */
export interface SystemErasure {
  requestId: string;
  customerId: string;
  result: Record<string, unknown>;
}

/**
 * Record erasures a retention clock carried out (§4.2) as completed SYSTEM
 * erasure requests holding their answers, like any erasure: one INSERT for
 * the whole batch, inside the caller's transaction.
 */
export async function recordSystemErasures(em: EntityManager, erasures: readonly SystemErasure[], now: Date, why: { method: string; note: string }): Promise<void> {
  if (erasures.length === 0) return;
  await execute(
    em,
    `insert into privacy_request (id, customer_id, type, status, channel, received_at, due_at, recorded_by, verified_at, verified_by,
       verification_method, resolved_at, resolved_by, note, result)
     select (r->>'requestId')::uuid, (r->>'customerId')::uuid, 'ERASURE', 'COMPLETED', 'SYSTEM', ?, ?, 'SYSTEM', ?, 'SYSTEM',
       ?, ?, 'SYSTEM', ?, r->'result'
     from jsonb_array_elements(?::jsonb) as r`,
    [now, now, now, why.method, now, why.note, JSON.stringify(erasures)],
  );
}
