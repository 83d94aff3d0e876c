/**
 * Benchmark of a full retention pass (issue: "seeds 1,000,000 customers with
 * orders and consents and measures a full retention pass; memory flat; the
 * API keeps answering while it runs"). Not a test: run it by hand.
 *
 *   npm run bench:retention -- --customers 1000000
 *
 * Uses DATABASE_URL's server (else an embedded one in .data/bench), in a fresh
 * database `rekisteri_bench`. Prints a markdown report; the figures are ratios
 * and rates from one run on this machine.
 */
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_REQUEST_LIMITS, deriveWebhookSecretKey } from '../../src/config/config';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase } from '../../src/core/db/admin';
import { openDatabase, withDatabase } from '../../src/app/database';
import { startEmbeddedPostgres } from '../../src/core/db/embedded-postgres';
import { createApp } from '../../src/app/http';
import { createLogger } from '../../src/core/logging/logger';
import { ensurePrivacyNotices } from '../../src/modules/privacy-notice/privacy-notice.service';
import { RetentionRule } from '../../src/modules/retention/retention-run.entity';
import { retentionContext } from '../../src/app/context';
import { ALL_RULES, runRetentionPass } from '../../src/modules/retention/retention.service';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '1000' } } });
const N = Number(values.customers);
const BATCH = Number(values.batch);
const NOW = new Date('2026-11-25T00:00:00Z');
const settings = {
  secret: 'bench-secret-bench-secret-bench-secret-00',
  webhookSecretKey: deriveWebhookSecretKey('bench-secret-bench-secret-bench-secret-00'),
  customerSessionHours: 24,
  staffSessionHours: 8,
  publicUrl: 'http://bench',
  bookkeepingRetentionYears: 10,
  financialYearEndMonth: 12,
  limits: { ...DEFAULT_REQUEST_LIMITS, anonymousRequestsPerMinute: 1_000_000 },
};

async function seed(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const step = 100_000;
  const t0 = Date.now();
  // Activity spread evenly over four years before NOW: about half is older than two years (§4.2).
  for (let from = 1; from <= N; from += step) {
    const to = Math.min(N, from + step - 1);
    await client.query('begin');
    await client.query(
      `insert into customer (id, first_name, last_name, email, phone, status, source, created_at, updated_at, last_activity_at)
       select md5('c' || i)::uuid, 'Etunimi' || i, 'Sukunimi' || i, 'c' || i || '@bench.example', '+35840' || lpad(i::text, 7, '0'),
         'ACTIVE', 'REGISTRATION', $3::timestamptz - interval '5 years', $3::timestamptz - interval '5 years',
         $3::timestamptz - (i % 1461) * interval '1 day'
       from generate_series($1::int, $2::int) i`,
      [from, to, NOW],
    );
    await client.query(
      `insert into address (id, customer_id, kind, line1, postal_code, city, country_code, source, created_at)
       select md5('a' || i)::uuid, md5('c' || i)::uuid, 'HOME', 'Katu ' || i, '90100', 'Oulu', 'FI', 'REGISTRATION', now()
       from generate_series($1::int, $2::int) i`,
      [from, to],
    );
    await client.query(
      `insert into consent_event (id, customer_id, purpose, granted, occurred_at, source, actor_kind, notice_version)
       select md5('e' || i || p)::uuid, md5('c' || i)::uuid, p::consent_purpose, (i + length(p)) % 3 <> 0, $3::timestamptz - interval '3 years',
         'REGISTRATION', 'CUSTOMER', '2020-12-01'
       from generate_series($1::int, $2::int) i, unnest(array['EMAIL_MARKETING', 'STATISTICS_COOKIES']) p`,
      [from, to, NOW],
    );
    // Every other customer has one delivered order with two lines, placed with their last activity.
    await client.query(
      `insert into customer_order (id, order_number, customer_id, placed_at, status, currency, subtotal_cents, shipping_cents, total_cents,
         billing_name, billing_email, billing_line1, billing_postal_code, billing_city, billing_country_code,
         delivery_name, delivery_line1, delivery_postal_code, delivery_city, delivery_country_code, source, created_at, updated_at)
       select md5('o' || i)::uuid, 'B-' || i, md5('c' || i)::uuid, $3::timestamptz - (i % 1461) * interval '1 day', 'DELIVERED', 'EUR', 1500, 490, 1990,
         'Etunimi' || i || ' Sukunimi' || i, 'c' || i || '@bench.example', 'Katu ' || i, '90100', 'Oulu', 'FI',
         'Etunimi' || i || ' Sukunimi' || i, 'Katu ' || i, '90100', 'Oulu', 'FI', 'WEBSHOP_ORDER', now(), now()
       from generate_series($1::int, $2::int) i where i % 2 = 0`,
      [from, to, NOW],
    );
    await client.query(
      `insert into order_line (id, order_id, line_no, product_code, product_name, quantity, unit_price_cents)
       select md5('l' || i || n)::uuid, md5('o' || i)::uuid, n, 'SKU-' || n, 'Tuote ' || n, n, 500
       from generate_series($1::int, $2::int) i, generate_series(1, 2) n where i % 2 = 0`,
      [from, to],
    );
    // One in ten is a loyalty member; half of those memberships are still valid.
    await client.query(
      `insert into loyalty_membership (id, customer_id, member_number, joined_at, valid_until, ended_at, points, tier, source, created_at)
       select md5('m' || i)::uuid, md5('c' || i)::uuid, 'B' || i, $3::timestamptz - interval '4 years',
         case when i % 20 = 0 then $3::timestamptz + interval '1 year' else $3::timestamptz - interval '1 year' end,
         null, i % 1000, 'BRONZE', 'REGISTRATION', now()
       from generate_series($1::int, $2::int) i where i % 10 = 0`,
      [from, to, NOW],
    );
    await client.query('commit');
    process.stderr.write(`\rseeded ${to} / ${N} customers (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  process.stderr.write('\n');
  await client.query('analyze');
  await client.end();
}

async function main(): Promise<void> {
  const logger = createLogger('warn');
  let server = process.env.DATABASE_URL ?? '';
  const embedded = server ? null : await startEmbeddedPostgres('.data/bench', { persistent: false });
  if (embedded) server = embedded.url;
  const admin = new Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query('drop database if exists rekisteri_bench with (force)');
  await admin.end();
  const url = await ensureDatabase(server, 'rekisteri_bench');
  const orm = await openDatabase(url);
  await ensurePrivacyNotices(orm.em.fork());

  const seedStart = Date.now();
  await seed(url);
  const seedSeconds = (Date.now() - seedStart) / 1000;

  // The API on the same database, probed while the pass runs.
  const { app, stop } = await createApp({ orm, logger, settings, production: true, introspection: false });
  const http: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const graphql = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  const latencies: number[] = [];
  let failures = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      try {
        const res = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ privacyNotice(language: EN) { version } }"}' });
        if (!res.ok) failures++;
        await res.text();
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const baseline: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await (await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ privacyNotice(language: EN) { version } }"}' })).text();
    baseline.push(performance.now() - t);
  }

  let peakRss = 0;
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    rssSamples.push(rss);
    peakRss = Math.max(peakRss, rss);
  }, 1000);

  const rows: string[] = [];
  const memoryByQuarter: NodeJS.MemoryUsage[] = [];
  const passStart = Date.now();
  for (const rule of ALL_RULES) {
    const t = Date.now();
    const report = await runRetentionPass(retentionContext({ orm, settings, log: logger, now: NOW, rule }), rule, {
      now: NOW,
      dryRun: false,
      batchSize: BATCH,
      onProgress: (p) => {
        if (rule !== RetentionRule.INACTIVE_CUSTOMERS) return;
        process.stderr.write(`\r${rule}: ${p.examined} examined, ${p.acted} erased, ${p.kept} kept`);
        // Memory against work done: flat means the later quarters cost no more than the first.
        const quarter = Math.floor((4 * p.examined) / Math.max(1, N / 2));
        if (quarter > memoryByQuarter.length && quarter <= 4) memoryByQuarter.push(process.memoryUsage());
      },
    });
    const seconds = (Date.now() - t) / 1000;
    process.stderr.write('\n');
    rows.push(`| ${rule} | ${report.examined} | ${report.acted} | ${report.kept} | ${seconds.toFixed(1)} | ${Math.round(report.examined / Math.max(seconds, 0.001))} |`);
  }
  const passSeconds = (Date.now() - passStart) / 1000;
  clearInterval(sampler);
  probing = false;
  await probe;
  http.close();
  await stop();
  await orm.close();
  await embedded?.stop();

  const sorted = [...latencies].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const baseSorted = [...baseline].sort((a, b) => a - b);
  const firstRss = rssSamples[0] ?? 0;
  process.stdout.write(
    [
      `## Retention pass over ${N.toLocaleString('en')} customers`,
      '',
      `Seeded in ${seedSeconds.toFixed(0)} s (customers, addresses, 2 consents each, an order with 2 lines for every other, loyalty for one in ten).`,
      `Full pass (all five rules, batches of ${BATCH}): **${passSeconds.toFixed(0)} s**.`,
      '',
      '| rule | examined | acted | kept | seconds | per second |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `Memory (RSS of the process running the pass): first sample ${(firstRss / 2 ** 20).toFixed(0)} MiB, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB (${(peakRss / Math.max(firstRss, 1)).toFixed(2)}× the first).`,
      `Memory at each quarter of the inactive-customers pass (RSS / V8 heap used): ${memoryByQuarter
        .map((m) => `${(m.rss / 2 ** 20).toFixed(0)} / ${(m.heapUsed / 2 ** 20).toFixed(0)} MiB`)
        .join(', ')}.`,
      `API while the pass ran: ${latencies.length} requests, ${failures} failed, p50 ${quantile(0.5).toFixed(1)} ms, p99 ${quantile(0.99).toFixed(1)} ms;`,
      `idle before the pass: p50 ${baseSorted[Math.floor(baseSorted.length / 2)].toFixed(1)} ms (ratio p50 during/idle ${(quantile(0.5) / baseSorted[Math.floor(baseSorted.length / 2)]).toFixed(1)}×).`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
