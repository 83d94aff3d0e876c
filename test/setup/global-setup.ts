import 'reflect-metadata';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '../../src/core/db/admin';
import { openDatabase } from '../../src/app/database';
import { startEmbeddedPostgres } from '../../src/core/db/embedded-postgres';
import { ensurePrivacyNotices } from '../../src/modules/privacy-notice/privacy-notice.service';
import { TEST_ENV, type TestGlobals } from '../support/test-env';

/**
 * Once per `npm test`: pick the server (DATABASE_URL, else an embedded
 * PostgreSQL in a temp folder), create a template database with the real
 * migrations applied, and let every suite clone it (CREATE DATABASE …
 * TEMPLATE takes ~0.1 s), so suites are isolated and run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  const run = randomBytes(4).toString('hex');
  let serverUrl = process.env.DATABASE_URL ?? '';
  const globals = globalThis as TestGlobals;
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rekisteri-test-pg-'));
    // mkdtemp makes the folder 0700; as root, the server runs as the postgres user and must enter it.
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres(path.join(dir, 'data'), { persistent: false });
    globals.__rekisteriEmbedded = embedded;
    serverUrl = embedded.url;
    process.stdout.write(`\n[test] embedded PostgreSQL on port ${embedded.port}\n`);
  } else {
    process.stdout.write(`\n[test] PostgreSQL at ${new URL(serverUrl).host} (DATABASE_URL)\n`);
  }
  const template = `rk_test_${run}_template`;
  const templateUrl = await ensureDatabase(serverUrl, template);
  const orm = await openDatabase(templateUrl);
  await ensurePrivacyNotices(orm.em.fork());
  await orm.close(true);
  // MikroORM keeps entity metadata on globalThis; when jest runs suites in
  // this same process, they would reuse these objects from another realm and
  // fail ("Map.prototype.set called on incompatible receiver", mikro-orm#3783).
  for (const key of Object.keys(globalThis)) {
    if (key.startsWith('mikro-orm-')) delete (globalThis as Record<string, unknown>)[key];
  }

  process.env[TEST_ENV.serverUrl] = serverUrl;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.run] = run;
}
