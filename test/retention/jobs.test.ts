import type { MikroORM } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import { Client } from 'pg';
import { openAppOrm } from '../../src/app/database';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { RETENTION_QUEUES, startJobQueue, startRetentionWorker, type RetentionWorker } from '../../src/modules/retention/retention.jobs';
import { DEFAULT_RETENTION_POLICY } from '../../src/modules/retention/retention.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_SETTINGS } from '../support/test-env';
import { AS_OF, clock, customerExists, erasureRequestsOf, inactiveSince, runRows, seedCustomer, SILENT, waitFor, type ScenarioCustomer } from './retention-scenarios';

/*
 * Retention on pg-boss (retention.jobs.ts): several instances work the same
 * queues, each job is done exactly once, and each rule's queue is a singleton
 * so two passes of one rule never run at the same time. Two PgBoss instances
 * on one database stand for two API instances; cron is off (schedule: false),
 * jobs are sent by hand.
 */

jest.setTimeout(90_000);

const QUEUE = RETENTION_QUEUES[RetentionRule.INACTIVE_CUSTOMERS];

interface Instance {
  boss: PgBoss;
  worker: RetentionWorker;
}

let db: TestDatabase;
let secondOrm: MikroORM;
let instances: Instance[] = [];

async function startInstance(orm: MikroORM): Promise<Instance> {
  const boss = await startJobQueue(db.url, SILENT, { schedule: false });
  const worker = await startRetentionWorker(boss, orm, TEST_SETTINGS, SILENT, DEFAULT_RETENTION_POLICY, clock(AS_OF));
  return { boss, worker };
}

async function jobState(id: string): Promise<{ state: string; output: Record<string, unknown> | null } | undefined> {
  const [job] = await db.query<{ state: string; output: Record<string, unknown> | null }>('select state, output from pgboss.job where id = $1', [id]);
  return job;
}

async function waitForJobs(ids: string[]): Promise<void> {
  await waitFor(`jobs ${ids.join(', ')} to complete`, async () => {
    const states = [];
    for (const id of ids) states.push(await jobState(id));
    if (states.some((s) => s?.state === 'failed')) throw new Error(`a retention job failed: ${JSON.stringify(states)}`);
    return states.every((s) => s?.state === 'completed');
  });
}

async function seedInactive(count: number): Promise<ScenarioCustomer[]> {
  const customers: ScenarioCustomer[] = [];
  for (let i = 0; i < count; i++) customers.push(await seedCustomer(db.orm, { label: `job-inactive-${i}`, registeredAt: inactiveSince(AS_OF, 1 + i) }));
  return customers;
}

beforeEach(async () => {
  db = await createTestDatabase();
  secondOrm = await openAppOrm(db.url);
  // One after the other: the first creates pg-boss's schema and the queues, the second finds them.
  instances = [await startInstance(db.orm), await startInstance(secondOrm)];
});

afterEach(async () => {
  for (const { boss, worker } of instances) {
    await worker.stop();
    await boss.stop({ graceful: true, close: true });
  }
  instances = [];
  await secondOrm.close(true);
  await db.close();
});

it('§4.2 two workers, one INACTIVE_CUSTOMERS job: exactly one retention_run, each inactive customer erased exactly once', async () => {
  const customers = await seedInactive(6);
  const kept = await seedCustomer(db.orm, { label: 'job-recent', registeredAt: inactiveSince(AS_OF, -1) });

  const jobId = await instances[0].boss.send(QUEUE, { asOf: AS_OF.toISOString() });
  expect(jobId).toEqual(expect.any(String));
  await waitFor('the retention_run of the job to finish', async () => (await runRows(db)).find((r) => r.status !== 'RUNNING'));
  await waitForJobs([jobId!]);

  const runs = await runRows(db);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ rule: 'INACTIVE_CUSTOMERS', as_of: AS_OF, dry_run: false, status: 'COMPLETED', examined: customers.length, acted: customers.length });
  expect((await jobState(jobId!))?.output).toMatchObject({ runId: runs[0].id, acted: customers.length });

  for (const customer of customers) {
    const requests = await erasureRequestsOf(db, customer.id);
    expect({ label: customer.label, exists: await customerExists(db, customer.id), requests: requests.map((r) => `${r.channel} ${r.status}`) }).toEqual({
      label: customer.label,
      exists: false,
      requests: ['SYSTEM COMPLETED'],
    });
  }
  expect(await customerExists(db, kept.id)).toBe(true);
});

it('§4.2 the singleton queue: two jobs sent at once to INACTIVE_CUSTOMERS never run concurrently', async () => {
  const customers = await seedInactive(4);
  // Hold one customer's row so the first pass stays busy (waiting for the lock) until we let go.
  const locker = new Client({ connectionString: db.url });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query('select 1 from customer where id = $1 for update', [customers[0].id]);

    const ids = await Promise.all([instances[0].boss.send(QUEUE, { asOf: AS_OF.toISOString() }), instances[1].boss.send(QUEUE, { asOf: AS_OF.toISOString() })]);
    expect(ids).toEqual([expect.any(String), expect.any(String)]);

    // The first pass is now blocked inside an erasure.
    await waitFor('a pass to wait for the held customer row', async () => {
      const waiting = await db.query(`select 1 from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [db.name]);
      return waiting.length > 0;
    });
    // Let both workers poll a few times (pg-boss polls every 2 s): the other job must stay queued.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const states = [];
    for (const id of ids) states.push((await jobState(id!))?.state);
    states.sort();
    expect(states).toEqual(['active', 'created']);
    expect((await runRows(db)).map((r) => r.status)).toEqual(['RUNNING']);

    await locker.query('rollback');
    await waitForJobs(ids as string[]);
  } finally {
    await locker.end();
  }

  const runs = await runRows(db, RetentionRule.INACTIVE_CUSTOMERS);
  expect(runs).toHaveLength(2);
  expect(runs.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
  const [first, second] = runs;
  // [started_at, finished_at] of the two passes do not overlap.
  expect(second.started_at.getTime()).toBeGreaterThanOrEqual(first.finished_at!.getTime());
  expect(first.acted + second.acted).toBe(customers.length);
  for (const customer of customers) expect((await erasureRequestsOf(db, customer.id)).length).toBe(1);
});

it('§4.2 a job without asOf runs on the worker’s clock', async () => {
  const [customer] = await seedInactive(1);
  const jobId = await instances[1].boss.send(QUEUE, {});
  await waitForJobs([jobId!]);
  const runs = await runRows(db);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ as_of: AS_OF, acted: 1 });
  expect(await customerExists(db, customer.id)).toBe(false);
});
