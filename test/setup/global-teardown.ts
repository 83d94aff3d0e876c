import { Client } from 'pg';
import { withDatabase } from '../../src/app/database';
import { TEST_ENV, type TestGlobals } from '../support/test-env';

/** Drop this run's databases (the template and every suite's clone) and stop the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as TestGlobals;
  const serverUrl = process.env[TEST_ENV.serverUrl];
  const run = process.env[TEST_ENV.run];
  if (serverUrl && run && !globals.__rekisteriEmbedded) {
    const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`rk_test_${run}_%`]);
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await client.end();
    }
  }
  await globals.__rekisteriEmbedded?.stop();
}
