import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate, withDatabase } from '../../src/app/database';
import { ensureDatabase } from '../../src/core/db/admin';
import { TEST_ENV } from '../support/test-env';

/*
 * Several instances starting at once on an empty database: migrations take a PostgreSQL
 * advisory lock, so exactly one applies them and the others find nothing left; nobody fails
 * on "relation already exists".
 */

jest.setTimeout(120_000);

it('three concurrent migrations of an empty database: all succeed, the migrations are applied once', async () => {
  const server = process.env[TEST_ENV.serverUrl]!;
  const name = `rk_test_${process.env[TEST_ENV.run]}_migrate_${randomBytes(3).toString('hex')}`;
  const url = await ensureDatabase(server, name);
  try {
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const counts = results.map((applied) => applied.length).sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts.slice(1)).toEqual([0, 0]);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from mikro_orm_migrations');
      expect(rows[0].n).toBe(counts[0]);
    } finally {
      await client.end();
    }
  } finally {
    const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
});
