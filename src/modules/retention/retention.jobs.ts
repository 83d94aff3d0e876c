import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { RuntimeSettings } from '../../config/config';
import type { Logger } from '../../core/logging/logger';
import { retentionContext } from '../../app/context';
import { RetentionRule } from './retention-run.entity';
import { DEFAULT_RETENTION_POLICY, runRetentionPass, type RetentionPolicy } from './retention.service';

/*
 * Scheduled retention on pg-boss: a PostgreSQL job queue, so several API
 * instances can run side by side and each job is done exactly once (jobs are
 * fetched with SKIP LOCKED; cron ticks are deduplicated by pg-boss's own
 * schedule table). Each rule has a `singleton` queue: at most one pass of a
 * rule is active anywhere at a time. No home-made scheduler or lock table.
 */

/** How long a pass's job may run; after that pg-boss expires it, and it runs nowhere any more. */
const JOB_EXPIRY_SECONDS = 4 * 3600;

export const RETENTION_QUEUES: Record<RetentionRule, string> = {
  [RetentionRule.INACTIVE_CUSTOMERS]: 'retention.inactive-customers',
  [RetentionRule.LOYALTY_ENDED]: 'retention.loyalty-ended',
  [RetentionRule.HELD_ORDERS_EXPIRED]: 'retention.held-orders-expired',
  [RetentionRule.REQUEST_DEADLINES]: 'retention.request-deadlines',
  [RetentionRule.HOUSEKEEPING]: 'retention.housekeeping',
};

/** Default schedules (cron, UTC); each can be overridden with RETENTION_CRON_<RULE>. */
export const DEFAULT_SCHEDULES: Record<RetentionRule, string> = {
  [RetentionRule.REQUEST_DEADLINES]: '0 6 * * *',
  [RetentionRule.HELD_ORDERS_EXPIRED]: '30 2 * * *',
  [RetentionRule.LOYALTY_ENDED]: '0 3 * * *',
  [RetentionRule.INACTIVE_CUSTOMERS]: '30 3 * * *',
  [RetentionRule.HOUSEKEEPING]: '0 4 * * *',
};

export interface RetentionJobData {
  /** ISO time to run the pass as of; the job's own time when absent. */
  asOf?: string;
  dryRun?: boolean;
}

export interface RetentionWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startJobQueue(connectionString: string, logger: Logger, options: { schedule: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'rekisteri-worker', schedule: options.schedule, max: 4 });
  boss.on('error', (error: Error & { code?: string }) => {
    // 57P01: the database is shutting down (Ctrl-C stops the embedded server right after the queue).
    if (error.code === '57P01') return;
    logger.error({ err: { name: error.name, code: error.code, message: error.message } }, 'job queue error');
  });
  await boss.start();
  for (const name of Object.values(RETENTION_QUEUES)) {
    // Idempotent: creating an existing queue is a no-op in pg-boss 10.
    await boss.createQueue(name, { name, policy: 'singleton', retryLimit: 3, retryDelay: 60, expireInSeconds: JOB_EXPIRY_SECONDS });
  }
  return boss;
}

/** Put the schedules in place (every instance may do it: pg-boss keeps one schedule per queue). */
export async function scheduleRetention(boss: PgBoss, schedules: Partial<Record<RetentionRule, string>> = {}): Promise<void> {
  for (const rule of Object.values(RetentionRule)) {
    await boss.schedule(RETENTION_QUEUES[rule], schedules[rule] ?? DEFAULT_SCHEDULES[rule], {}, { tz: 'UTC' });
  }
}

/**
 * A pass killed with its process stays RUNNING in its report; once its job
 * could no longer be alive anywhere (past the job expiry), mark it FAILED
 * (ABANDONED). Its work is redone by the next pass: every pass is idempotent.
 */
export async function markAbandonedRuns(orm: MikroORM, now: Date): Promise<number> {
  const rows = await orm.em
    .fork()
    .getConnection()
    .execute<{ id: string }[]>(`update retention_run set status = 'FAILED', error = 'ABANDONED', finished_at = ? where status = 'RUNNING' and started_at < ? returning id`, [
      now,
      new Date(now.getTime() - JOB_EXPIRY_SECONDS * 1000),
    ]);
  return rows.length;
}

/** Start working the retention queues in this process. */
export async function startRetentionWorker(
  boss: PgBoss,
  orm: MikroORM,
  settings: RuntimeSettings,
  logger: Logger,
  policy: RetentionPolicy = DEFAULT_RETENTION_POLICY,
  now: () => Date = () => new Date(),
): Promise<RetentionWorker> {
  await markAbandonedRuns(orm, now());
  for (const rule of Object.values(RetentionRule)) {
    await boss.work<RetentionJobData>(RETENTION_QUEUES[rule], { batchSize: 1 }, async ([job]) => {
      const asOf = job.data?.asOf ? new Date(job.data.asOf) : now();
      const report = await runRetentionPass(retentionContext({ orm, settings, log: logger, now: asOf, rule }), rule, { now: asOf, dryRun: job.data?.dryRun === true }, policy);
      logger.info({ job: job.id, rule, runId: report.runId, examined: report.examined, acted: report.acted, kept: report.kept }, 'retention pass done');
      return { runId: report.runId, examined: report.examined, acted: report.acted, kept: report.kept };
    });
  }
  return {
    boss,
    stop: async () => {
      for (const name of Object.values(RETENTION_QUEUES)) await boss.offWork(name);
    },
  };
}
