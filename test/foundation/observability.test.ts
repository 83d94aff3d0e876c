import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type PgBoss from 'pg-boss';
import { createApp, type RekisteriApp } from '../../src/app/http';
import { Metrics } from '../../src/core/http/metrics';
import { createLogger } from '../../src/core/logging/logger';
import { startJobQueue } from '../../src/modules/retention/retention.jobs';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_SETTINGS } from '../support/test-env';

/*
 * What an operator sees: /metrics in Prometheus format, one access-log line per HTTP request,
 * the operation name taken from the document when the client sends none, the W3C traceparent
 * carried into the logs, JSON 404s, and no personal data in any line or label.
 */

jest.setTimeout(60_000);

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let db: TestDatabase;
let app: RekisteriApp;
let server: Server;
let boss: PgBoss;
let base: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const logger = createLogger('info', sink);
  const metrics = new Metrics({ defaultMetrics: false });
  boss = await startJobQueue(db.url, logger, { schedule: false });
  metrics.watchQueues(boss);
  app = await createApp({ orm: db.orm, logger, settings: TEST_SETTINGS, production: false, introspection: true, metrics });
  server = await new Promise((resolve) => {
    const listening = createServer(app.handler).listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await app.stop();
  await boss.stop({ graceful: false, wait: true });
  await db.close();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } }> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown } };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('logs', () => {
  it('names the operation from the document when the client sends no operationName, with the trace id', async () => {
    await graphql('query WhoAmI { viewer { kind } }', {}, { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    await settle();
    const entry = lines.find((l) => l.msg === 'graphql request' && l.operation === 'WhoAmI');
    expect(entry).toMatchObject({ operation: 'WhoAmI', traceId: TRACE_ID, parentSpanId: PARENT_ID });
  });

  it('writes one access-log line per HTTP request: method, route, status, time, request and trace ids', async () => {
    const before = lines.length;
    const response = await fetch(`${base}/healthz`, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } });
    await settle();
    const access = lines.slice(before).filter((l) => l.msg === 'http request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: 'GET', route: '/healthz', status: 200, requestId: response.headers.get('x-request-id'), traceId: TRACE_ID });
    expect(typeof access[0].ms).toBe('number');
  });

  it('ignores a malformed traceparent', async () => {
    const before = lines.length;
    await fetch(`${base}/healthz`, { headers: { traceparent: 'not-a-trace' } });
    await settle();
    expect(lines.slice(before).find((l) => l.msg === 'http request')).not.toHaveProperty('traceId');
  });

  it('puts no personal data in any line: not the e-mail of a sign-in, not an unsubscribe token, not an unknown path', async () => {
    await graphql('mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }', {
      email: 'sami.aanga@example.fi',
      password: 'Áŋŋá-salasana',
    });
    await fetch(`${base}/unsubscribe/secret-token-value-123`, { method: 'POST' });
    await fetch(`${base}/customers/aino.virtanen@example.fi`);
    await settle();
    const text = JSON.stringify(lines);
    for (const needle of ['sami.aanga', 'Áŋŋá', 'secret-token-value-123', 'aino.virtanen']) expect(text).not.toContain(needle);
    expect(lines.some((l) => l.msg === 'http request' && l.route === '/unsubscribe/:token')).toBe(true);
    expect(lines.some((l) => l.msg === 'http request' && l.route === 'unknown' && l.status === 404)).toBe(true);
  });
});

describe('unknown routes', () => {
  it('answer a JSON 404 with code NOT_FOUND, not express’s HTML page', async () => {
    const response = await fetch(`${base}/no-such-route`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('GET /metrics', () => {
  it('answers Prometheus text: requests by operation and outcome, latency, refusals, HTTP, DB pool, queue depth', async () => {
    await graphql('query Customers { customers(first: 1) { nodes { id } } }'); // anonymous: refused
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/rekisteri_graphql_requests_total\{operation="WhoAmI",outcome="ok"\} 1/);
    expect(text).toMatch(/rekisteri_graphql_request_duration_seconds_bucket\{le="[^"]+",operation="WhoAmI"\}/);
    expect(text).toMatch(/rekisteri_refused_operations_total\{operation="Customers",code="UNAUTHENTICATED"\} 1/);
    expect(text).toMatch(/rekisteri_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/rekisteri_db_pool_connections\{state="used"\} \d+/);
    expect(text).toMatch(/rekisteri_job_queue_depth\{queue="retention.inactive-customers"\} 0/);
    expect(text).not.toContain('aino.virtanen');
  });
});
