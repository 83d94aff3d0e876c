import type { MikroORM } from '@mikro-orm/postgresql';
import { createServer, connect, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Principal } from '../../src/core/auth/principal';
import { openAppOrm } from '../../src/app/database';
import { createApp, type RekisteriApp } from '../../src/app/http';
import { createLogger } from '../../src/core/logging/logger';
import { createAuthenticator } from '../../src/modules/identity/authenticate';
import { newSessionToken } from '../../src/core/auth/tokens';
import { unsubscribeToken } from '../../src/modules/unsubscribe/unsubscribe.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { shopWithCustomers, staffPrincipal, type SeededCustomer } from '../support/scenarios';
import { TEST_SETTINGS } from '../support/test-env';

/*
 * Issue 10: while the database is unreachable the API answers HTTP 503 with
 * Retry-After and the code SERVICE_UNAVAILABLE within 2 s — never a generic
 * INTERNAL_SERVER_ERROR, and never NOT_FOUND for a customer that exists.
 *
 * The database is made unreachable for real: the API's ORM connects through
 * a TCP proxy in this test, which is then closed (every open connection cut,
 * new ones refused: ECONNREFUSED) and later opened again on the same port.
 */

/** A TCP proxy to the machine's PostgreSQL that can be taken down and brought back on the same port. */
class DatabaseProxy {
  private server: NetServer | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** When true, connections are accepted and then left hanging: a network black hole, not a refusal. */
  blackHole = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      if (this.blackHole) {
        this.sockets.add(client);
        client.on('error', () => this.sockets.delete(client));
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Cut every connection and stop listening: the port now refuses connections. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[] };
  ms: number;
}

let db: TestDatabase;
let proxy: DatabaseProxy;
let orm: MikroORM;
let app: RekisteriApp;
let server: Server;
let url: string;
let customer: SeededCustomer;
const principals = new Map<string, Principal>();
const serviceStaff = staffPrincipal('CUSTOMER_SERVICE');

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: performance.now() - started };
}

function asStaff(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const key = JSON.stringify(serviceStaff);
  principals.set(key, serviceStaff);
  return post(query, variables, { 'x-test-principal': key });
}

const CUSTOMER = 'query ($id: ID!) { customer(id: $id) { id email } }';
const RECORD = `mutation ($id: ID!) { recordPrivacyRequest(input: { customerId: $id, type: ACCESS, channel: EMAIL, note: "Sähköposti: Áilu Äärelä-Sámi kysyy tietojaan" }) { id } }`;
const NOTICE = '{ privacyNotice(language: FI) { version } }';

function expectUnavailable(answer: Answer): void {
  expect({ status: answer.status, retryAfter: answer.retryAfter, codes: answer.body.errors?.map((e) => e.extensions?.code) }).toEqual({
    status: 503,
    retryAfter: '5',
    codes: ['SERVICE_UNAVAILABLE'],
  });
  expect(answer.body.errors![0].extensions!.retryAfterSeconds).toBe(5);
  expect(answer.body.data ?? null).toBeNull();
  // Within 2 s, and without SQL, connection strings or stack frames in the body.
  expect(answer.ms).toBeLessThan(2000);
  expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|5432|select|\bat .+:\d+/i);
}

beforeAll(async () => {
  db = await createTestDatabase();
  [customer] = await shopWithCustomers(db.orm, 1, 1);
  const target = new URL(db.url);
  proxy = new DatabaseProxy({ host: target.hostname, port: Number(target.port || 5432) });
  await proxy.up();
  const viaProxy = new URL(db.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  orm = await openAppOrm(viaProxy.toString());
  const realAuthenticate = createAuthenticator();
  app = await createApp({
    orm,
    logger: createLogger('silent'),
    settings: TEST_SETTINGS,
    production: true,
    introspection: false,
    authenticate: async (req, o) => principals.get(req.header('x-test-principal') ?? '') ?? realAuthenticate(req, o),
  });
  server = await new Promise((resolve) => {
    const listening = createHttpServer(app.handler).listen(0, '127.0.0.1', () => resolve(listening));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}, 30_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await app?.stop();
  await proxy?.down();
  await orm?.close(true);
  await db?.close();
});

describe('the database goes away and comes back', () => {
  it('answers normally through the proxy while the database is there', async () => {
    const read = await asStaff(CUSTOMER, { id: customer.id });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ data: { customer: { id: customer.id, email: customer.email } } });
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After within 2 s on every path while it is unreachable', async () => {
    await proxy.down();
    // A read of an existing customer: not NOT_FOUND (issue 10: a fault once answered "Customer not found").
    expectUnavailable(await asStaff(CUSTOMER, { id: customer.id }));
    // A write that locks the customer row first.
    expectUnavailable(await asStaff(RECORD, { id: customer.id }));
    // An anonymous read.
    expectUnavailable(await post(NOTICE));
    // Authentication itself needs the database (a well-formed session token is looked up): 503 before any resolver.
    expectUnavailable(await post(CUSTOMER, { id: customer.id }, { authorization: `Bearer ${newSessionToken()}` }));
    // A sign-in attempt (argon2 and the staff table).
    expectUnavailable(await post('mutation { staffLogin(email: "asta@jasmin.fi", password: "correct horse battery") { __typename } }'));
  });

  it('the pages reached from e-mail links answer 503 with Retry-After too, not 500 or "link no longer valid"', async () => {
    const origin = new URL(url).origin;
    const started = performance.now();
    const link = await fetch(`${origin}/verify/rkv_${'a'.repeat(43)}`);
    expect({ status: link.status, retryAfter: link.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
    expect(await link.text()).toContain('Nothing was changed');
    const oneClick = await fetch(`${origin}/unsubscribe/${unsubscribeToken(TEST_SETTINGS.secret, customer.id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect({ status: oneClick.status, retryAfter: oneClick.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('answers the same several times in a row, each within 2 s (no connection pile-up)', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => asStaff(CUSTOMER, { id: customer.id })));
    for (const answer of answers) expectUnavailable(answer);
  });

  it('answers 503 within 2 s also when connections hang instead of being refused (a black hole)', async () => {
    proxy.blackHole = true;
    await proxy.up();
    try {
      expectUnavailable(await asStaff(CUSTOMER, { id: customer.id }));
      expectUnavailable(await post(NOTICE));
    } finally {
      await proxy.down();
      proxy.blackHole = false;
    }
  });

  it('recovers once the database is reachable again, and the write made meanwhile did not happen', async () => {
    await proxy.up();
    let read: Answer | undefined;
    // The pool makes new connections on demand; give it a moment, not a restart.
    for (let attempt = 0; attempt < 20; attempt++) {
      read = await asStaff(CUSTOMER, { id: customer.id });
      if (read.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(read!.status).toBe(200);
    expect(read!.body).toEqual({ data: { customer: { id: customer.id, email: customer.email } } });
    const rows = await db.query('select id from privacy_request where customer_id = $1', [customer.id]);
    expect(rows).toEqual([]);
    const notice = await post(NOTICE);
    expect(notice.status).toBe(200);
  });
});
