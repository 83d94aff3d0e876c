import { execute } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import type { KeyRange, RetentionItem, RetentionRuleContribution } from '../../core/retention/rules';
import { RetentionRule, RetentionRun, RetentionRunStatus } from './retention-run.entity';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from './retention.periods';

/*
 * The statement's clocks, kept by scheduled passes (pg-boss, see
 * retention.jobs.ts) or by the operator CLI. The rules themselves are the
 * modules' contributions (src/core/retention/rules.ts): held-order expiry
 * from orders, ended memberships from loyalty, housekeeping from identity and
 * partners, deadlines from privacy-requests, inactivity from customers. This
 * engine runs them and imports no domain's tables. Every pass works in batches, is
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

type Item = RetentionItem;

const FIRST = '00000000-0000-0000-0000-000000000000';
const LAST = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

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

/** The contributions for one rule, in the order the modules were assembled. */
function contributionsFor(ctx: RequestContext, rule: RetentionRule): RetentionRuleContribution[] {
  const found = ctx.contributions.retentionRules.filter((c) => c.rule === rule);
  if (found.length === 0) throw new Error(`No module contributes the retention rule ${rule}`);
  return found;
}

/**
 * Run one rule to the end (or to `limit`), batch by batch, recording the report as it goes.
 * The context is the pass's own (a SYSTEM principal, see retentionContext in src/app/context.ts);
 * the report is written through a fork of its own, outside the batches' transactions.
 */
export async function runRetentionPass(
  ctx: RequestContext,
  rule: RetentionRule,
  options: RetentionOptions,
  policy: RetentionPolicy = DEFAULT_RETENTION_POLICY,
): Promise<RetentionReport> {
  const em = ctx.em.fork();
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
    for (const contribution of contributionsFor(ctx, rule)) {
      if ('sweep' in contribution) {
        await record(await contribution.sweep(ctx, options, policy));
        continue;
      }
      const batch = contribution.batch;
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
