import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createStaffUser } from '../../src/modules/staff/staff.service';
import {
  AdminChangeOrderDocument,
  AdminCreateCustomerDocument,
  AdminCustomerDocument,
  AdminCustomersDocument,
  AdminPlaceOrderDocument,
  StaffLoginDocument,
} from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { shopWithCustomers } from '../support/scenarios';

/**
 * The admin panel talks to Rekisteri through Apollo Client. This suite runs a
 * customer-service session exactly as the panel does — stock ApolloClient,
 * InMemoryCache, HttpLink against the running HTTP server, the generated typed
 * documents — and proves it works unmodified: sign in, list, create, order,
 * change the order, and read the normalised cache.
 */

let api: TestApi;
const password = 'admin panel password';

beforeAll(async () => {
  api = await startTestApi();
  await shopWithCustomers(api.db.orm, 3, 1);
  await createStaffUser(api.db.orm.em.fork(), { email: 'cs@jasmin.test', displayName: 'Asiakaspalvelu', password, roles: ['CUSTOMER_SERVICE'] }, new Date());
  await createStaffUser(api.db.orm.em.fork(), { email: 'mkt@jasmin.test', displayName: 'Markkinointi', password, roles: ['MARKETING'] }, new Date());
}, 60_000);
afterAll(() => api.close());

function panel(token?: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: api.url, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache(),
  });
}

async function signIn(email: string): Promise<ApolloClient> {
  const { data } = await panel().mutate({ mutation: StaffLoginDocument, variables: { email, password } });
  expect(data?.staffLogin?.token).toMatch(/^rks_/);
  return panel(data!.staffLogin!.token);
}

describe('admin panel on @apollo/client (§9.3 per-user credentials, §6.2 manual entry, §4.1 order changes)', () => {
  it('customer service signs in, lists customers, enters one by phone, places and changes an order', async () => {
    const client = await signIn('cs@jasmin.test');

    const list = await client.query({ query: AdminCustomersDocument, variables: { first: 10 } });
    expect(list.data?.customers?.edges.map((e) => e.node)).toHaveLength(3);
    expect(list.data?.customers?.edges[0].node.orders?.[0].lines).toHaveLength(2);

    const created = await client.mutate({
      mutation: AdminCreateCustomerDocument,
      variables: {
        input: {
          firstName: 'Pekka',
          lastName: 'Puhelin',
          phone: '040 765 4321',
          source: 'PHONE',
          addresses: [{ kind: 'HOME', line1: 'Rantakatu 3', postalCode: '90100', city: 'Oulu', countryCode: 'FI' }],
          consents: [{ purpose: 'POST_MARKETING', granted: false }],
        },
      },
    });
    const customer = created.data!.createCustomer!;
    expect(customer).toMatchObject({ firstName: 'Pekka', phone: '+358407654321', source: 'PHONE' });

    const order = await client.mutate({
      mutation: AdminPlaceOrderDocument,
      variables: {
        input: {
          customerId: customer.id,
          lines: [{ productCode: 'TEA-1', productName: 'Tee', quantity: 2, unitPriceCents: 500 }],
          billing: { name: 'Pekka Puhelin', line1: 'Rantakatu 3', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
          source: 'PHONE',
        },
      },
    });
    expect(order.data?.placeOrder).toMatchObject({ status: 'PLACED', totalCents: 1000, source: 'PHONE' });

    const changed = await client.mutate({
      mutation: AdminChangeOrderDocument,
      variables: { input: { orderId: order.data!.placeOrder!.id, status: 'PAID', lines: [{ productCode: 'TEA-1', quantity: 3 }] } },
    });
    expect(changed.data?.changeOrder?.totalCents).toBe(1500);
    expect(changed.data?.changeOrder?.changes?.map((c) => c.kind)).toEqual(expect.arrayContaining(['PLACED', 'LINE_QUANTITY_CHANGED', 'STATUS_CHANGED']));

    const detail = await client.query({ query: AdminCustomerDocument, variables: { id: customer.id }, fetchPolicy: 'network-only' });
    expect(detail.data?.customer?.orders).toHaveLength(1);
    // The cache normalises by __typename + id, as the panel relies on.
    const cached = client.cache.extract() as Record<string, { __typename?: string }>;
    expect(cached[`Customer:${customer.id}`]?.__typename).toBe('Customer');
  });

  it('a refused field arrives as null with FORBIDDEN at its path; the rest of the answer still arrives (errorPolicy all)', async () => {
    const client = await signIn('mkt@jasmin.test');
    const result = await client.query({ query: AdminCustomersDocument, variables: { first: 10 }, errorPolicy: 'all' });
    // Marketing sees the consenting customers but never their orders (§3.2, §9.2).
    expect(result.data?.customers?.edges.map((e) => e.node).length).toBeGreaterThan(0);
    for (const node of result.data!.customers!.edges.map((e) => e.node)) {
      expect(node.email).toMatch(/@/);
      expect(node.orders).toBeNull();
    }
    const codes = (result.error as { errors?: { extensions?: { code?: string }; path?: unknown[] }[] } | undefined)?.errors?.map((e) => [e.extensions?.code, e.path?.at(-1)]);
    expect(codes).toEqual(expect.arrayContaining([['FORBIDDEN', 'orders']]));
  });

  it('without signing in, the panel gets UNAUTHENTICATED and no customer data', async () => {
    const result = await panel().query({ query: AdminCustomersDocument, variables: { first: 10 }, errorPolicy: 'all' });
    expect(result.data?.customers ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toContain('@example.fi');
  });
});
