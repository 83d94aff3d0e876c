/**
 * Read-path throughput (not a test): the storefront-shaped query and the
 * 100-customer admin list, with permissions and read-audit on, over HTTP.
 *
 *   npm run bench:read -- --seconds 10 --concurrency 8
 *
 * Uses DATABASE_URL's server (else an embedded one), in a fresh database.
 */
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase } from '../../src/core/db/admin';
import { openDatabase, withDatabase } from '../../src/app/database';
import { startEmbeddedPostgres } from '../../src/core/db/embedded-postgres';
import { createApp } from '../../src/app/http';
import { createLogger } from '../../src/core/logging/logger';
import { ensurePrivacyNotices } from '../../src/modules/privacy-notice/privacy-notice.service';
import { createStaffUser } from '../../src/modules/staff/staff.service';
import { shopWithCustomers, TEST_PASSWORD } from '../support/scenarios';
import { TEST_SETTINGS } from '../support/test-env';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '8' } } });
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);

const STOREFRONT = `{ me { id firstName lastName email consents { purpose granted } orders { orderNumber status totalCents lines { productCode quantity unitPriceCents } } } }`;
const ADMIN_LIST = `{ customers(first: 100) { nodes { id firstName lastName email phone loyalty { tier points }
  consents { purpose granted since } orders { orderNumber status totalCents lines { productCode productName quantity unitPriceCents } } } } }`;

async function post(url: string, token: string, query: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return body;
}

async function load(url: string, token: string, query: string): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        await post(url, token, query);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / SECONDS, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

async function main(): Promise<void> {
  let server = process.env.DATABASE_URL ?? '';
  const embedded = server ? null : await startEmbeddedPostgres('.data/bench-read', { persistent: false });
  if (embedded) server = embedded.url;
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query('drop database if exists rekisteri_bench_read with (force)');
  await admin.end();
  const orm = await openDatabase(await ensureDatabase(server, 'rekisteri_bench_read'));
  await ensurePrivacyNotices(orm.em.fork());
  const seeded = await shopWithCustomers(orm, 100, 2);
  await createStaffUser(orm.em.fork(), { email: 'bench-cs@jasmin.test', displayName: 'Bench', password: TEST_PASSWORD, roles: ['CUSTOMER_SERVICE'] }, new Date());

  const { app, stop } = await createApp({ orm, logger: createLogger('silent'), settings: TEST_SETTINGS, production: true, introspection: false });
  const http: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const login = async (mutation: string) => {
    const res = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation }) })).json()) as {
      data: Record<string, { token: string }>;
    };
    return Object.values(res.data)[0].token;
  };
  const customerToken = await login(`mutation { login(email: "${seeded[0].email}", password: "${TEST_PASSWORD}") { token } }`);
  const staffToken = await login(`mutation { staffLogin(email: "bench-cs@jasmin.test", password: "${TEST_PASSWORD}") { token } }`);

  await load(url, customerToken, STOREFRONT); // warm-up
  const storefront = await load(url, customerToken, STOREFRONT);
  const adminList = await load(url, staffToken, ADMIN_LIST);
  http.close();
  await stop();
  await orm.close();
  await embedded?.stop();
  process.stdout.write(
    [
      `## Read path, ${SECONDS} s each, ${CONCURRENCY} concurrent clients, permissions and read audit on`,
      '',
      '| query | req/s | p50 ms | p99 ms |',
      '| --- | --- | --- | --- |',
      `| storefront \`me\` with consents, orders and lines | ${storefront.perSecond.toFixed(0)} | ${storefront.p50.toFixed(1)} | ${storefront.p99.toFixed(1)} |`,
      `| admin list: 100 customers with loyalty, consents, orders, lines | ${adminList.perSecond.toFixed(0)} | ${adminList.p50.toFixed(1)} | ${adminList.p99.toFixed(1)} |`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
