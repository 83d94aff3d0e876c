import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal, staffPrincipal } from '../support/scenarios';
import { DEFAULT_REQUEST_LIMITS } from '../../src/config/config';

/*
 * Issue 10, cost of a single request: every flood from the attack report is
 * refused with a coded error before execution, fast, and never with a stack
 * overflow or an INTERNAL_SERVER_ERROR.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

interface Raw {
  status: number;
  ms: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(body: string, headers: Record<string, string> = {}): Promise<Raw> {
  const started = performance.now();
  const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, body: JSON.parse(text) as Raw['body'] };
}

/**
 * The bound is 100 ms on an idle server. The suites share two cores
 * with other work, so under load (1-minute load average above the core
 * count) the bound is tripled rather than made flaky.
 */
const LIMIT_MS = os.loadavg()[0] > os.cpus().length ? 300 : 100;

/** The fastest of five tries: the bound is about the server's work, not the scheduler's. */
async function fastest(query: string, headers: Record<string, string> = {}): Promise<Raw> {
  let best: Raw | null = null;
  for (let i = 0; i < 5; i++) {
    const result = await post(JSON.stringify({ query }), headers);
    if (!best || result.ms < best.ms) best = result;
  }
  return best!;
}

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const codeOf = (r: Raw) => r.body.errors?.[0]?.extensions?.code;
const customerService = staffPrincipal('CUSTOMER_SERVICE');
/** The test-only header naming a principal (registered with the harness by api.as). */
const staffHeader = () => {
  api.as(customerService);
  return { 'x-test-principal': JSON.stringify(customerService) };
};

describe('floods from the attack report are refused within 100 ms, before execution', () => {
  it.each([
    ['1,000 aliases of privacyNotice', aliases(1000, 'privacyNotice(language: EN) { version }')],
    ['3,000 aliases of privacyNotice', aliases(3000, 'privacyNotice(language: EN) { version }')],
    ['a 40,000-token document of __typename', `{ ${'__typename '.repeat(40_000)}}`],
    ['20,000 nested selections', `${'{ me '.repeat(20_000)}{ id }${' }'.repeat(20_000)}`],
  ])('%s: refused by the body or the token limit, no stack overflow', async (_name, query) => {
    const result = await fastest(query);
    // Over the body limit: 413 REQUEST_TOO_LARGE before parsing; under it: the parser stops at the token limit.
    if (result.status === 413) {
      expect(codeOf(result)).toBe('REQUEST_TOO_LARGE');
    } else {
      expect(result.status).toBe(400);
      expect(codeOf(result)).toBe('GRAPHQL_PARSE_FAILED');
      expect(result.body.errors![0].message).toContain(`${DEFAULT_REQUEST_LIMITS.maxTokens} tokens`);
    }
    expect(JSON.stringify(result.body)).not.toMatch(/call stack/i);
    expect(result.ms).toBeLessThan(LIMIT_MS);
  });

  it(`${DEFAULT_REQUEST_LIMITS.maxAliases + 1} aliases answer OPERATION_TOO_MANY_ALIASES`, async () => {
    const result = await fastest(aliases(DEFAULT_REQUEST_LIMITS.maxAliases + 1, 'viewer { kind }'));
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('OPERATION_TOO_MANY_ALIASES');
    expect(result.ms).toBeLessThan(LIMIT_MS);
  });

  it(`depth ${DEFAULT_REQUEST_LIMITS.maxDepth + 1} answers OPERATION_TOO_DEEP`, async () => {
    // The schema has no cycle as deep as the limit; the rule counts the document's nesting whatever the fields.
    const query = `{ me { orders { lines { a { b { c { d { e { f { g } } } } } } } } } }`;
    const result = await fastest(query);
    expect(result.status).toBe(400);
    expect(result.body.errors!.map((e) => e.extensions?.code)).toContain('OPERATION_TOO_DEEP');
    expect(result.ms).toBeLessThan(LIMIT_MS);
  });

  it('more directives than allowed answer OPERATION_TOO_MANY_DIRECTIVES', async () => {
    const result = await fastest(`{ __typename ${'@include(if: true) '.repeat(DEFAULT_REQUEST_LIMITS.maxDirectives + 1)}}`);
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('OPERATION_TOO_MANY_DIRECTIVES');
  });

  it('15 aliases of a 200-row customer page answer OPERATION_TOO_COSTLY for customer service', async () => {
    const result = await fastest(aliases(15, 'customers(first: 200) { nodes { id orders { lines { productCode } } } }'), staffHeader());
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('OPERATION_TOO_COSTLY');
    expect(result.ms).toBeLessThan(LIMIT_MS);
  });

  it('an anonymous caller has the smallest budget: 15 aliases of the privacy notice are too costly for a stranger', async () => {
    const result = await fastest(aliases(15, 'privacyNotice(language: EN) { version controller { name businessId } rights { code name } }'));
    expect(codeOf(result)).toBe('OPERATION_TOO_COSTLY');
  });

  it('a signed-in customer asking 15 times for their orders with lines is too costly', async () => {
    const customer = api.as(customerPrincipal(randomUUID()));
    const result = await customer.raw(aliases(15, 'me { orders { id lines { productCode quantity } } consents { purpose } }'));
    expect(result.errors?.[0].extensions?.code).toBe('OPERATION_TOO_COSTLY');
    expect(result.status).toBe(400);
  });

  it('a 900 kB e-mail in login is refused by the body limit (413) before any work', async () => {
    const query = 'mutation($email: String!) { login(email: $email, password: "x") { token } }';
    const result = await post(JSON.stringify({ query, variables: { email: `${'a'.repeat(900_000)}@example.fi` } }));
    expect(result.status).toBe(413);
    expect(codeOf(result)).toBe('REQUEST_TOO_LARGE');
    expect(result.ms).toBeLessThan(LIMIT_MS);
  });

  it('a 6,000-character e-mail within the body limit answers BAD_USER_INPUT before the throttle or a hash', async () => {
    const query = 'mutation($email: String!) { login(email: $email, password: "x") { token } }';
    const result = await post(JSON.stringify({ query, variables: { email: `${'a'.repeat(6_000)}@example.fi` } }));
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(result.ms).toBeLessThan(LIMIT_MS);
  });

  it('the admin panel page of 200 customers with orders and lines still passes', async () => {
    const result = await post(
      JSON.stringify({ query: '{ customers(first: 200) { nodes { id orders { lines { productCode } } loyalty { tier } consents { purpose } } } }' }),
      staffHeader(),
    );
    expect(result.body.errors).toBeUndefined();
  });
});
