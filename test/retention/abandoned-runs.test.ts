import { markAbandonedRuns } from '../../src/modules/retention/retention.jobs';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * A pass killed with its process stays RUNNING in its report. When a worker
 * starts, a RUNNING pass older than the job expiry (4 h) can be running
 * nowhere, and is marked FAILED (ABANDONED); a recent one is left alone.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

it('a worker start marks passes abandoned by a dead process FAILED, and leaves recent ones running', async () => {
  const now = new Date('2026-06-15T12:00:00Z');
  const insert = (id: string, startedHoursAgo: number) =>
    db.query(
      `insert into retention_run (id, rule, dry_run, as_of, started_at, status, examined, acted, kept)
       values ($1, 'INACTIVE_CUSTOMERS', false, $2, $3, 'RUNNING', 5, 5, 0)`,
      [id, now, new Date(now.getTime() - startedHoursAgo * 3_600_000)],
    );
  await insert('00000000-0000-4000-8000-000000000001', 5);
  await insert('00000000-0000-4000-8000-000000000002', 1);

  // What every worker does when it starts (startRetentionWorker).
  expect(await markAbandonedRuns(db.orm, now)).toBe(1);
  const rows = await db.query<{ id: string; status: string; error: string | null }>('select id, status, error from retention_run order by id');
  expect(rows).toEqual([
    { id: '00000000-0000-4000-8000-000000000001', status: 'FAILED', error: 'ABANDONED' },
    { id: '00000000-0000-4000-8000-000000000002', status: 'RUNNING', error: null },
  ]);
});
