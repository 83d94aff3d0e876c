import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT } from '../../src/modules/identity/identity.service';
import { loadConfig } from '../../src/config/config';
import { startTestApi, type TestApi } from '../support/api';
import { registerCustomer, uniqueEmail, type RegisteredCustomer } from './identity-scenarios';

/*
 * §9.3 sign-in throttling is per client address, so the address must be the client's.
 * Default (TRUST_PROXY unset): X-Forwarded-For is ignored, a client cannot pick addresses to
 * dodge the limit. Behind a proxy (TRUST_PROXY=1): the address the proxy saw is used, so one
 * client's failures do not lock every other customer out.
 */

jest.setTimeout(120_000);

const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { customerId } }';

async function login(api: TestApi, email: string, password: string, forwardedFor: string): Promise<string | null> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
  });
  const body = (await response.json()) as { data?: { login: { customerId: string } | null }; errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? (body.data?.login ? 'OK' : null);
}

/** ADDRESS_FAILURE_LIMIT + 1 failures spread over accounts (each under its own limit), X-Forwarded-For from `forwardedFor(i)`. */
async function spray(api: TestApi, forwardedFor: (i: number) => string): Promise<void> {
  const perAccount = ACCOUNT_FAILURE_LIMIT.count - 1;
  for (let done = 0; done <= ADDRESS_FAILURE_LIMIT.count; ) {
    const email = uniqueEmail('spray');
    const batch = Math.min(perAccount, ADDRESS_FAILURE_LIMIT.count + 1 - done);
    await Promise.all(Array.from({ length: batch }, (_, i) => login(api, email, `wrong-${i}`, forwardedFor(done + i))));
    done += batch;
  }
}

describe('TRUST_PROXY=1 (one proxy in front)', () => {
  let api: TestApi;
  let other: RegisteredCustomer;
  beforeAll(async () => {
    api = await startTestApi({ trustProxy: 1 });
    other = await registerCustomer(api);
  });
  afterAll(() => api.close());

  it('101 failures from one client leave another customer, behind the same proxy, able to sign in', async () => {
    // What the proxy appends is the client's address; anything before it is the client's own claim.
    await spray(api, (i) => `10.9.${i % 250}.1, 203.0.113.7`);
    expect(await login(api, other.email, other.password, '198.51.100.9')).toBe('OK');
  });

  it('the client that failed is throttled, whatever it writes in front of the proxy-added address', async () => {
    expect(await login(api, other.email, other.password, '192.0.2.1, 203.0.113.7')).toBe('LOGIN_THROTTLED');
  });
});

describe('TRUST_PROXY unset (default: trust nothing)', () => {
  let api: TestApi;
  let other: RegisteredCustomer;
  beforeAll(async () => {
    api = await startTestApi();
    other = await registerCustomer(api);
  });
  afterAll(() => api.close());

  it('a client rotating X-Forwarded-For values is still one address and is throttled', async () => {
    await spray(api, (i) => `198.18.${i % 250}.${i % 200}`);
    expect(await login(api, other.email, other.password, '198.51.100.200')).toBe('LOGIN_THROTTLED');
  });
});

describe('TRUST_PROXY configuration', () => {
  it('defaults to trusting nothing, takes a hop count or addresses, refuses true', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true would believe any client/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY must be/);
  });

  it('CORS_ORIGINS takes origins only', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://admin.jasmin.fi, http://localhost:5173' }).corsOrigins).toEqual(['https://admin.jasmin.fi', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://admin.jasmin.fi/panel' })).toThrow(/CORS_ORIGINS: "https:\/\/admin.jasmin.fi\/panel" is not an origin/);
  });
});
