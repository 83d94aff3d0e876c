import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { AdminCustomersPageDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { shopWithCustomers, staffPrincipal } from '../support/scenarios';

/*
 * The admin panel pages the customer list with Apollo Client's relayStylePagination. With
 * Relay-complete connections (edges with cursors, full PageInfo) fetchMore appends page 2 to
 * page 1 in the cache instead of replacing it.
 */

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await shopWithCustomers(api.db.orm, 5, 0);
}, 60_000);
afterAll(() => api.close());

it('the next page (after: endCursor) merges page 2 after page 1 (relayStylePagination)', async () => {
  // The harness's test-only principal header (api.as registers it), as the suites' other clients use.
  const principal = staffPrincipal('CUSTOMER_SERVICE');
  api.as(principal);
  const headers = { 'x-test-principal': JSON.stringify(principal) };
  const panel = new ApolloClient({
    link: new HttpLink({ uri: api.url, headers }),
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { customers: relayStylePagination(['filter']) } } } }),
  });
  const first = await panel.query({ query: AdminCustomersPageDocument, variables: { first: 2 } });
  const page1 = first.data!.customers!;
  expect(page1.edges).toHaveLength(2);
  expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: page1.edges[0].cursor, endCursor: page1.edges[1].cursor });

  // What fetchMore does: the next page into the same field (`after` is not a key argument).
  const more = await panel.query({ query: AdminCustomersPageDocument, variables: { first: 2, after: page1.pageInfo.endCursor }, fetchPolicy: 'network-only' });
  // The server's page 2 on its own: full PageInfo.
  const direct = await api.as(principal).request(AdminCustomersPageDocument, { first: 2, after: page1.pageInfo.endCursor });
  const page2 = direct.data!.customers!;
  expect(page2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, startCursor: page2.edges[0].cursor, endCursor: page2.edges[1].cursor });
  // What the panel sees after fetching page 2: both pages, in order.
  expect(more.data!.customers!.edges.map((e) => e.node.id)).toEqual([...page1.edges, ...page2.edges].map((e) => e.node.id));

  const merged = panel.readQuery({ query: AdminCustomersPageDocument, variables: { first: 2 } })!.customers!;
  expect(merged.edges.map((e) => e.node.id)).toEqual([...page1.edges, ...page2.edges].map((e) => e.node.id));
  expect(merged.edges).toHaveLength(4);
  expect(new Set(merged.edges.map((e) => e.node.id)).size).toBe(4);
});
