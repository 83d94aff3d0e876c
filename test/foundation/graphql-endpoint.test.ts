import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { graphqlEndpoint, takesLeanPath } from '../../src/core/http/graphql-endpoint';
import { createLogger } from '../../src/core/logging/logger';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal, shopWithCustomers, staffPrincipal, type SeededCustomer } from '../support/scenarios';

/*
 * Issue 9: POST /graphql with a JSON body runs on a lean endpoint without express
 * (src/core/http/graphql-endpoint.ts); every other request keeps express. Both reach the
 * same Apollo server. This suite holds the two paths to the same answers — data, errors,
 * status, the security and CORS headers, the request id — and the lean path to the same
 * refusals express gives (body limit, bad JSON). A gzip-encoded body is the way to send the
 * same JSON through express.
 */

const ALLOWED_ORIGIN = 'https://kauppa.jasmin.example';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A POST with full control of headers and body (fetch would set its own). */
function post(url: string, body: Buffer | string, headers: Record<string, string>, chunked = false): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        headers: chunked ? headers : { ...headers, 'content-length': String(data.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (chunked) {
      // Several chunks, no Content-Length: the limit must hold while reading.
      for (let i = 0; i < data.length; i += 16_384) req.write(data.subarray(i, i + 16_384));
      req.end();
    } else req.end(data);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The same JSON body through express (gzip makes the lean path step aside). */
function viaExpress(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  return post(url, gzipSync(JSON.stringify(payload)), { ...JSON_HEADERS, 'content-encoding': 'gzip', ...headers });
}
function viaLean(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Raw> {
  return post(url, JSON.stringify(payload), { ...JSON_HEADERS, ...headers });
}

/** The headers a client may rely on, without the per-response ones (date, request id value). */
function stableHeaders(raw: Raw): Record<string, string | string[] | undefined> {
  const { date: _date, 'x-request-id': _id, 'keep-alive': _keepAlive, connection: _connection, ...rest } = raw.headers;
  return rest;
}

describe('POST /graphql: the lean endpoint answers as express does (issue 9)', () => {
  let api: TestApi;
  let aino: SeededCustomer;
  let staffHeader: Record<string, string>;

  beforeAll(async () => {
    api = await startTestApi({ corsOrigins: [ALLOWED_ORIGIN] });
    [aino] = await shopWithCustomers(api.db.orm, 2, 2);
    // The harness's test-only principal header, the same on both paths.
    const staff = staffPrincipal('CUSTOMER_SERVICE');
    api.as(staff);
    staffHeader = { 'x-test-principal': JSON.stringify(staff) };
  });
  afterAll(() => api.close());

  it('takes only POST /graphql with an uncompressed utf-8 JSON body', () => {
    const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as never;
    expect(takesLeanPath(req('POST', '/graphql', { 'content-type': 'application/json' }))).toBe(true);
    expect(takesLeanPath(req('POST', '/graphql?x=1', { 'content-type': 'application/json; charset=UTF-8' }))).toBe(true);
    expect(takesLeanPath(req('GET', '/graphql', { 'content-type': 'application/json' }))).toBe(false);
    expect(takesLeanPath(req('OPTIONS', '/graphql', { 'content-type': 'application/json' }))).toBe(false);
    expect(takesLeanPath(req('POST', '/graphql/', { 'content-type': 'application/json' }))).toBe(false);
    expect(takesLeanPath(req('POST', '/graphqlx', { 'content-type': 'application/json' }))).toBe(false);
    expect(takesLeanPath(req('POST', '/graphql', { 'content-type': 'text/plain' }))).toBe(false);
    expect(takesLeanPath(req('POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }))).toBe(false);
    expect(takesLeanPath(req('POST', '/graphql', { 'content-type': 'application/json', 'content-encoding': 'gzip' }))).toBe(false);
    expect(takesLeanPath(req('POST', '/graphql', {}))).toBe(false);
  });

  it('gives the same data, status and headers for a staff read of personal data', async () => {
    const payload = {
      query: 'query Find($id: ID!) { customer(id: $id) { firstName lastName email phone orders { orderNumber billing { name email } } } }',
      variables: { id: aino.id },
      operationName: 'Find',
    };
    const [lean, express] = [await viaLean(api.url, payload, staffHeader), await viaExpress(api.url, payload, staffHeader)];
    expect(lean.status).toBe(200);
    expect(JSON.parse(lean.text)).toEqual(JSON.parse(express.text));
    expect(JSON.parse(lean.text).data.customer).toMatchObject({ email: aino.email, orders: [expect.anything(), expect.anything()] });
    expect(stableHeaders(lean)).toEqual(stableHeaders(express));
    // helmet's set is on the lean path too.
    expect(lean.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(lean.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(lean.headers['x-content-type-options']).toBe('nosniff');
    expect(lean.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('gives the same partial answer with FORBIDDEN at the path, and the same UNAUTHENTICATED refusal', async () => {
    const payload = { query: '{ customers(first: 5) { nodes { firstName } } privacyNotice(language: EN) { version } }' };
    const lean = await viaLean(api.url, payload);
    const express = await viaExpress(api.url, payload);
    expect(lean.status).toBe(express.status);
    expect(JSON.parse(lean.text)).toEqual(JSON.parse(express.text));
    expect(JSON.parse(lean.text).errors[0].extensions.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);

    const badToken = { authorization: 'Bearer rks_not-a-real-token-at-all-000000000000000' };
    const leanRefused = await viaLean(api.url, { query: '{ me { firstName } }' }, badToken);
    const expressRefused = await viaExpress(api.url, { query: '{ me { firstName } }' }, badToken);
    expect(leanRefused.status).toBe(401);
    expect(expressRefused.status).toBe(401);
    expect(JSON.parse(leanRefused.text)).toEqual(JSON.parse(expressRefused.text));
  });

  it('gives the same validation and parse errors', async () => {
    for (const payload of [{ query: '{ nosuchfield }' }, { query: '{ me { ' }, { query: 42 }, {}, { query: '{ __typename }', variables: 'not-an-object' }]) {
      const lean = await viaLean(api.url, payload);
      const express = await viaExpress(api.url, payload);
      expect({ payload, status: lean.status }).toEqual({ payload, status: express.status });
      expect(JSON.parse(lean.text)).toEqual(JSON.parse(express.text));
      expect(lean.status).toBe(400);
    }
  });

  it('answers a body that is not JSON, or not an object, with 400 BAD_REQUEST as express does', async () => {
    for (const text of ['{"query": "{ __typename }"', '"just a string"', '42', 'null', 'not json at all']) {
      const lean = await post(api.url, text, JSON_HEADERS);
      const express = await post(api.url, gzipSync(text), { ...JSON_HEADERS, 'content-encoding': 'gzip' });
      expect({ text, status: lean.status, body: JSON.parse(lean.text) }).toEqual({
        text,
        status: 400,
        body: { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] },
      });
      expect(JSON.parse(express.text)).toEqual(JSON.parse(lean.text));
      expect(lean.headers['x-request-id']).toBeDefined();
    }
    // An empty body is an empty request: Apollo's own 400, the same on both paths.
    const lean = await post(api.url, '', JSON_HEADERS);
    const express = await post(api.url, gzipSync(''), { ...JSON_HEADERS, 'content-encoding': 'gzip' });
    expect(lean.status).toBe(400);
    expect(lean.text).toBe(express.text);
  });

  it('refuses a body over the limit with 413 before running anything, declared or streamed', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'ä'.repeat(80_000) } });
    const declared = await post(api.url, big, JSON_HEADERS);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    const streamed = await post(api.url, big, { ...JSON_HEADERS, 'transfer-encoding': 'chunked' }, true);
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    expect(streamed.headers['x-content-type-options']).toBe('nosniff');
    // A client still sending a body fifty times the limit gets the answer, not a reset connection.
    const huge = await fetch(api.url, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(5_000_000) } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    // The server goes on serving.
    const after = await viaLean(api.url, { query: '{ __typename }' });
    expect(JSON.parse(after.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('sends CORS headers to an allowed origin only, as express does', async () => {
    const payload = { query: '{ __typename }' };
    const allowedLean = await viaLean(api.url, payload, { origin: ALLOWED_ORIGIN });
    const allowedExpress = await viaExpress(api.url, payload, { origin: ALLOWED_ORIGIN });
    expect(allowedLean.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(allowedLean.headers['access-control-expose-headers']).toBe('x-request-id');
    expect(stableHeaders(allowedLean)).toEqual(stableHeaders(allowedExpress));
    const other = await viaLean(api.url, payload, { origin: 'https://evil.example' });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes a plain request id and replaces one that holds a card number (§9.5)', async () => {
    const plain = await viaLean(api.url, { query: '{ __typename }' }, { 'x-request-id': 'storefront-req-0001' });
    expect(plain.headers['x-request-id']).toBe('storefront-req-0001');
    const card = await viaLean(api.url, { query: '{ __typename }' }, { 'x-request-id': '4111111111111111' });
    expect(card.headers['x-request-id']).not.toContain('4111111111111111');
    expect(card.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves a signed-in customer the same own data on both paths', async () => {
    const principal = customerPrincipal(aino.id);
    api.as(principal);
    const customer = { 'x-test-principal': JSON.stringify(principal) };
    const payload = { query: '{ me { firstName email orders { orderNumber lines { productName quantity } } } }' };
    const lean = await viaLean(api.url, payload, customer);
    const express = await viaExpress(api.url, payload, customer);
    expect(JSON.parse(lean.text)).toEqual(JSON.parse(express.text));
    expect(JSON.parse(lean.text).data.me.orders).toHaveLength(2);
  });
});

describe('operations take turns (GRAPHQL_MAX_CONCURRENT, GRAPHQL_MAX_QUEUED)', () => {
  /**
   * The endpoint with an Apollo stand-in whose operations finish when the test says so: what is
   * under test is the order and the refusal at the door, not GraphQL (the suite above holds the
   * endpoint to the real server's answers).
   */
  async function gatedEndpoint(max: number, queued: number) {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const apollo = {
      async executeHTTPGraphQLRequest({ httpGraphQLRequest }: { httpGraphQLRequest: { body: { query: string } } }) {
        const name = httpGraphQLRequest.body.query;
        started.push(name);
        await new Promise<void>((resolve) => finish.set(name, resolve));
        return { status: 200, headers: new Map([['content-type', 'application/json; charset=utf-8']]), body: { kind: 'complete', string: JSON.stringify({ data: { name } }) } };
      },
    };
    const serve = graphqlEndpoint({
      apollo: apollo as never,
      logger: createLogger('silent'),
      maxBodyBytes: 100_000,
      concurrency: { max, queued },
      staticHeaders: ['x-content-type-options', 'nosniff'],
      begin: () => ({ requestId: 'gate-test-0001', trace: null }),
      cors: (_req, _res, next) => next(),
      context: async () => ({}),
    });
    const server = createServer(serve);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const ask = (name: string, signal?: AbortSignal) => fetch(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: name }), signal });
    const until = async (condition: () => boolean) => {
      for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(condition()).toBe(true);
    };
    return { started, finish, ask, until, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('runs at most the limit at once and the rest in the order they came', async () => {
    const gate = await gatedEndpoint(2, 10);
    try {
      const answers = ['a', 'b', 'c', 'd'].map((name) => gate.ask(name));
      await gate.until(() => gate.started.length === 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(gate.started).toEqual(['a', 'b']);
      gate.finish.get('b')!();
      await gate.until(() => gate.started.length === 3);
      expect(gate.started[2]).toBe('c');
      gate.finish.get('a')!();
      await gate.until(() => gate.started.length === 4);
      gate.finish.get('c')!();
      gate.finish.get('d')!();
      const bodies = await Promise.all(answers.map(async (answer) => (await (await answer).json()) as { data: { name: string } }));
      expect(bodies.map((body) => body.data.name)).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      for (const done of gate.finish.values()) done();
      await gate.close();
    }
  });

  it('refuses with 503 and Retry-After when the queue is full, and serves again once there is room', async () => {
    const gate = await gatedEndpoint(1, 1);
    try {
      const first = gate.ask('first');
      await gate.until(() => gate.started.length === 1);
      const second = gate.ask('second');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const third = await gate.ask('third');
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(((await third.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      gate.finish.get('first')!();
      await gate.until(() => gate.started.length === 2);
      gate.finish.get('second')!();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      expect(gate.started).toEqual(['first', 'second']);
    } finally {
      for (const done of gate.finish.values()) done();
      await gate.close();
    }
  });

  it('runs nothing for a caller who went away while waiting', async () => {
    const gate = await gatedEndpoint(1, 10);
    try {
      const first = gate.ask('first');
      await gate.until(() => gate.started.length === 1);
      const leaving = new AbortController();
      const gone = gate.ask('gone', leaving.signal).catch((error: Error) => error.name);
      await new Promise((resolve) => setTimeout(resolve, 50));
      leaving.abort();
      expect(await gone).toBe('AbortError');
      await new Promise((resolve) => setTimeout(resolve, 50));
      gate.finish.get('first')!();
      expect((await first).status).toBe(200);
      const after = gate.ask('after');
      await gate.until(() => gate.started.length === 2);
      gate.finish.get('after')!();
      expect((await after).status).toBe(200);
      expect(gate.started).toEqual(['first', 'after']);
    } finally {
      for (const done of gate.finish.values()) done();
      await gate.close();
    }
  });
});
