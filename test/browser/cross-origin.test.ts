import { print } from 'graphql';
import { request as httpRequest } from 'node:http';
import { createStaffUser } from '../../src/modules/staff/staff.service';
import { AdminCreateCustomerDocument, AdminCustomersDocument, StaffLoginDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { describeInBrowser, openBrowser, type TestBrowser } from '../support/browser';
import { startClientPage, type ClientPage } from '../support/client-page';
import { shopWithCustomers } from '../support/scenarios';

/*
 * The admin panel is served from its own origin and calls the API with @apollo/client from
 * the browser. CORS_ORIGINS lets that origin in (the preflight answers, the response carries
 * Access-Control-Allow-Origin); a page on any other origin is refused by the browser.
 */

jest.setTimeout(120_000);

const password = 'admin panel password';

interface FlowResult {
  token?: string;
  customers?: number;
  created?: { firstName: string; phone: string };
  error?: string;
}

/** Runs in the page: sign in, list customers, enter one by phone, all through Apollo Client. */
async function adminFlow(page: import('playwright-core').Page, apiUrl: string): Promise<FlowResult> {
  await page.waitForFunction(() => (globalThis as unknown as { apolloReady?: boolean }).apolloReady === true, undefined, { timeout: 30_000 });
  return page.evaluate(
    async ({ apiUrl, password, login, list, create }) => {
      const { ApolloClient, HttpLink, InMemoryCache, gql } = (globalThis as unknown as { apollo: typeof import('@apollo/client') }).apollo;
      const client = (token?: string) =>
        new ApolloClient({ link: new HttpLink({ uri: apiUrl, headers: token ? { authorization: `Bearer ${token}` } : {} }), cache: new InMemoryCache() });
      try {
        const signedIn = await client().mutate<{ staffLogin: { token: string } }>({ mutation: gql(login), variables: { email: 'cs@jasmin.test', password } });
        const token = signedIn.data!.staffLogin.token;
        const panel = client(token);
        const customers = await panel.query<{ customers: { edges: unknown[] } }>({ query: gql(list), variables: { first: 10 } });
        const created = await panel.mutate<{ createCustomer: { firstName: string; phone: string } }>({
          mutation: gql(create),
          variables: { input: { firstName: 'Åsa', lastName: 'Åström', phone: '040 765 4321', source: 'PHONE', addresses: [], consents: [] } },
        });
        return { token, customers: customers.data!.customers.edges.length, created: created.data!.createCustomer };
      } catch (error) {
        return { error: String((error as Error).message) };
      }
    },
    { apiUrl, password, login: print(StaffLoginDocument), list: print(AdminCustomersDocument), create: print(AdminCreateCustomerDocument) },
  );
}

describeInBrowser('a browser page on another origin (CORS_ORIGINS)', () => {
  let api: TestApi;
  let panelPage: ClientPage;
  let strangerPage: ClientPage;
  let browser: TestBrowser;

  beforeAll(async () => {
    panelPage = await startClientPage('localhost');
    strangerPage = await startClientPage('localhost');
    api = await startTestApi({ corsOrigins: [panelPage.origin] });
    await shopWithCustomers(api.db.orm, 3, 1);
    await createStaffUser(api.db.orm.em.fork(), { email: 'cs@jasmin.test', displayName: 'Asiakaspalvelu', password, roles: ['CUSTOMER_SERVICE'] }, new Date());
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await panelPage?.close();
    await strangerPage?.close();
  });

  it('the admin panel on its own origin signs in, lists customers and enters one with @apollo/client', async () => {
    const page = await browser.page();
    await page.goto(panelPage.url);
    const result = await adminFlow(page, api.url);
    expect(result.error).toBeUndefined();
    expect(result.token).toMatch(/^rks_/);
    expect(result.customers).toBe(3);
    expect(result.created).toMatchObject({ firstName: 'Åsa', phone: '+358407654321' });
    expect(browser.offMachine).toEqual([]);
  });

  it('a page on an origin not in the list is refused by the browser (Failed to fetch) and nothing is written', async () => {
    const before = await api.db.query<{ n: number }>("select count(*)::int as n from customer where first_name = 'Åsa'");
    const page = await browser.page();
    await page.goto(strangerPage.url);
    const result = await adminFlow(page, api.url);
    expect(result.error).toMatch(/Failed to fetch/);
    const after = await api.db.query<{ n: number }>("select count(*)::int as n from customer where first_name = 'Åsa'");
    expect(after[0].n).toBe(before[0].n);
  });
});

/** A raw HTTP request (fetch would not send our Origin header). */
function rawRequest(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('CORS and security headers over HTTP', () => {
  let api: TestApi;
  const origin = 'https://admin.jasmin.test';

  beforeAll(async () => {
    api = await startTestApi({ corsOrigins: [origin] });
  });
  afterAll(() => api.close());

  it('answers an allowed preflight with the origin, methods and the headers Apollo Client sends', async () => {
    const response = await rawRequest(api.url, 'OPTIONS', {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,authorization',
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(origin);
    expect(response.headers['access-control-allow-headers']).toContain('authorization');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives another origin no Access-Control-Allow-Origin', async () => {
    const response = await rawRequest(api.url, 'OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends HSTS, nosniff, no framing and a CSP without third-party sources', async () => {
    const response = await fetch(api.url.replace('/graphql', '/healthz'));
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).not.toMatch(/https?:/);
  });
});
