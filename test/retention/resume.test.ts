import { Client } from 'pg';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { AS_OF, customerExists, erasureRequestsOf, inactiveSince, runPass, runRows, seedCustomer, spawnCli, waitFor, type ScenarioCustomer } from './retention-scenarios';

/*
 * "Killing a pass halfway and running it again finishes the work with
 * nothing done twice" (retention.service.ts: every pass is idempotent and so
 * resumes after a crash by simply running again). First a bounded pass that
 * stops midway (limit), then a real kill -9 of the operator CLI in the middle
 * of an erasure.
 */

jest.setTimeout(90_000);

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db.close());

async function seedInactive(count: number, label: string): Promise<ScenarioCustomer[]> {
  const customers: ScenarioCustomer[] = [];
  for (let i = 0; i < count; i++) customers.push(await seedCustomer(db.orm, { label: `${label}-${i}`, registeredAt: inactiveSince(AS_OF, 1 + (i % 40)) }));
  return customers;
}

/** Every customer is gone, with exactly one (SYSTEM, COMPLETED) erasure request and one erasure audit entry each. */
async function expectErasedExactlyOnce(customers: readonly ScenarioCustomer[]): Promise<void> {
  const audits = await db.query<{ customer_id: string; n: string }>(
    `select customer_id, count(*)::text as n from audit_entry where action = 'CHANGE' and operation = 'erasure' group by customer_id`,
  );
  const auditCount = new Map(audits.map((a) => [a.customer_id, Number(a.n)]));
  const summary = [];
  for (const c of customers) {
    summary.push({
      label: c.label,
      exists: await customerExists(db, c.id),
      requests: (await erasureRequestsOf(db, c.id)).map((r) => `${r.channel} ${r.status}`),
      audits: auditCount.get(c.id) ?? 0,
    });
  }
  expect(summary).toEqual(customers.map((c) => ({ label: c.label, exists: false, requests: ['SYSTEM COMPLETED'], audits: 1 })));
  expect([...auditCount.values()].every((n) => n === 1)).toBe(true);
}

it('§4.2 killing a pass halfway and running it again finishes the work with nothing done twice (bounded pass: limit 12, batches of 5)', async () => {
  const customers = await seedInactive(30, 'resume');
  const progress: number[] = [];

  const first = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF, limit: 12, batchSize: 5, onProgress: (p) => progress.push(p.examined) });
  expect({ examined: first.examined, acted: first.acted, kept: first.kept }).toEqual({ examined: 12, acted: 12, kept: 0 });
  expect(progress).toEqual([5, 10, 12]);
  const firstIds = new Set(first.items.map((i) => i.subjectId));
  expect(firstIds.size).toBe(12);
  for (const c of customers) expect({ label: c.label, exists: await customerExists(db, c.id) }).toEqual({ label: c.label, exists: !firstIds.has(c.id) });

  const second = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF, batchSize: 5 });
  expect({ examined: second.examined, acted: second.acted, kept: second.kept }).toEqual({ examined: 18, acted: 18, kept: 0 });
  const secondIds = second.items.map((i) => i.subjectId);
  expect(secondIds.filter((id) => firstIds.has(id))).toEqual([]);
  expect(new Set([...firstIds, ...secondIds])).toEqual(new Set(customers.map((c) => c.id)));

  await expectErasedExactlyOnce(customers);
  const runs = await runRows(db, RetentionRule.INACTIVE_CUSTOMERS);
  expect(runs.map((r) => [r.status, r.examined, r.acted])).toEqual([
    ['COMPLETED', 12, 12],
    ['COMPLETED', 18, 18],
  ]);

  const third = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
  expect(third.examined).toBe(0);
});

// A pass must never leave a half-done subject behind: had it committed its SYSTEM erasure request
// before the erasure (as an earlier version did), the OPEN request would make every later pass KEEP
// that customer (OPEN_PRIVACY_REQUEST) and the customer would never be erased.
it('§4.2 a pass killed (kill -9) in the middle of an erasure is finished by the next pass, with nothing done twice', async () => {
  const customers = await seedInactive(6, 'killed');
  const byId = [...customers].sort((a, b) => (a.id < b.id ? -1 : 1));
  const victim = byId[2];

  const locker = new Client({ connectionString: db.url });
  await locker.connect();
  try {
    // Hold the third customer's row: the CLI's pass (one loop, in key order) erases two, then waits inside the third erasure.
    await locker.query('begin');
    await locker.query('select 1 from customer where id = $1 for update', [victim.id]);
    const child = spawnCli(db, ['retention', '--rule', 'INACTIVE_CUSTOMERS', '--as-of', AS_OF.toISOString(), '--batch', '2', '--concurrency', '1', '--json']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      const waiting = await waitFor('the CLI pass to wait for the held row', async () => {
        const rows = await db.query<{ pid: number }>(`select pid from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`, [db.name]);
        return rows.length > 0 ? rows : null;
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The killed process's server session would go on once the row is free; end it like a lost connection.
      for (const { pid } of waiting) await db.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await locker.query('rollback');
  } finally {
    await locker.end();
  }

  // Two were erased before the kill; the killed run never finished.
  const existing = [];
  for (const c of byId) existing.push(await customerExists(db, c.id));
  expect(existing).toEqual(byId.map((_c, i) => i >= 2));
  const [killed] = await runRows(db, RetentionRule.INACTIVE_CUSTOMERS);
  expect(killed.status).toBe('RUNNING');

  const resumed = await runPass(db.orm, RetentionRule.INACTIVE_CUSTOMERS, { now: AS_OF });
  expect(resumed.items.filter((i) => i.action === 'KEPT')).toEqual([]);
  await expectErasedExactlyOnce(customers);
});
