import type { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openAppOrm, withDatabase } from '../../src/app/database';
import { TEST_ENV } from './test-env';

export interface TestDatabase {
  orm: MikroORM;
  url: string;
  name: string;
  /** A plain pg client on the same database, for assertions on rows. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites through jest (npm test), whose global setup prepares the database`);
  return value;
}

/** A fresh database cloned from the migrated template, for one suite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = env(TEST_ENV.serverUrl);
  const name = `rk_test_${env(TEST_ENV.run)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${env(TEST_ENV.template)}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  // The API's own ORM: connections act as the application role, as in production.
  const orm = await openAppOrm(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    orm,
    url,
    name,
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    close: async () => {
      await client.end();
      await orm.close(true);
      const dropper = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
