import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { AdminCustomersPageDocument, AdminOrdersPageDocument } from '../generated/graphql';
import { startTestApi, type GraphQLClient, type TestApi } from '../support/api';
import { shopWithCustomers, staffPrincipal } from '../support/scenarios';

/*
 * Issue 12 part 4: the staff lists browsed both ways (customers, oldest first; orders, newest
 * first) page forward with first/after and back with last/before, with a PageInfo that is true in
 * both directions, so the admin panel can go back from page 3 to page 2 and Apollo Client's
 * relayStylePagination prepends the earlier page.
 */

let api: TestApi;
let staff: GraphQLClient;

beforeAll(async () => {
  api = await startTestApi();
  // Seven customers a second apart, two orders each placed in the same second: order ties on
  // placed_at are broken by id, in both directions.
  await shopWithCustomers(api.db.orm, 7, 2);
  staff = api.as(staffPrincipal('CUSTOMER_SERVICE'));
}, 120_000);
afterAll(() => api.close());

type Vars = { first?: number; after?: string | null; last?: number; before?: string | null };

async function customersPage(vars: Vars) {
  const result = await staff.request(AdminCustomersPageDocument, vars);
  expect(result.errors).toBeUndefined();
  return result.data!.customers!;
}

async function ordersPage(vars: Vars) {
  const result = await staff.request(AdminOrdersPageDocument, vars);
  expect(result.errors).toBeUndefined();
  return result.data!.orders!;
}

type Page = Awaited<ReturnType<typeof customersPage>> | Awaited<ReturnType<typeof ordersPage>>;
const idsOf = (page: Page) => page.edges.map((e) => e.node.id);

/** Walks a list back from its end with `last: size`, returning each page; checks PageInfo on the way. */
async function walkBackward(fetch: (vars: Vars) => Promise<Page>, size: number): Promise<Page[]> {
  const pages: Page[] = [];
  let before: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page = await fetch({ last: size, before });
    pages.unshift(page);
    // Items follow exactly when the page was asked for before a cursor; the edges' cursors frame the page.
    expect(page.pageInfo.hasNextPage).toBe(before !== null);
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    if (!page.pageInfo.hasPreviousPage) return pages;
    expect(page.edges).toHaveLength(size);
    before = page.pageInfo.startCursor;
  }
  throw new Error('the backward walk did not end');
}

describe.each([
  ['customers (oldest first)', customersPage, 14 / 2],
  ['orders (newest first)', ordersPage, 14],
] as const)('%s', (_name, fetch, total) => {
  it('the whole list forward in one page is the ground truth; first/after pages carry a true PageInfo', async () => {
    const all = idsOf(await fetch({ first: 200 }));
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);

    const page1 = await fetch({ first: 3 });
    expect(idsOf(page1)).toEqual(all.slice(0, 3));
    expect(page1.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    const page2 = await fetch({ first: 3, after: page1.pageInfo.endCursor });
    expect(idsOf(page2)).toEqual(all.slice(3, 6));
    expect(page2.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    // The tail: exactly what is left, and nothing after it.
    const tail = await fetch({ first: 200, after: page2.pageInfo.endCursor });
    expect(idsOf(tail)).toEqual(all.slice(6));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('last/before walks the same list back from its end, in the same order within each page', async () => {
    const all = idsOf(await fetch({ first: 200 }));
    const pages = await walkBackward(fetch, 3);
    expect(pages.flatMap(idsOf)).toEqual(all);
    // The first page of the list (reached last) is the remainder: total % 3 items, or a full page.
    expect(idsOf(pages[0])).toEqual(all.slice(0, all.length % 3 || 3));
    expect(pages[0].pageInfo.hasPreviousPage).toBe(false);
    // `last` alone is the end of the list.
    const end = await fetch({ last: 2 });
    expect(idsOf(end)).toEqual(all.slice(-2));
    expect(end.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('back from page 2 with before: startCursor answers page 1 exactly, and forward from there answers page 2 again', async () => {
    const all = idsOf(await fetch({ first: 200 }));
    const page1 = await fetch({ first: 3 });
    const page2 = await fetch({ first: 3, after: page1.pageInfo.endCursor });
    const back = await fetch({ last: 3, before: page2.pageInfo.startCursor });
    expect(idsOf(back)).toEqual(idsOf(page1));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true, startCursor: page1.pageInfo.startCursor, endCursor: page1.pageInfo.endCursor });
    const again = await fetch({ first: 3, after: back.pageInfo.endCursor });
    expect(idsOf(again)).toEqual(all.slice(3, 6));
  });

  it('refuses mixed directions and bad sizes with a coded BAD_USER_INPUT at the argument at fault', async () => {
    const page1 = await fetch({ first: 2 });
    const cursor = page1.pageInfo.endCursor;
    const cases: [Vars, string][] = [
      [{ first: 2, last: 2 }, 'last'],
      [{ last: 2, after: cursor }, 'after'],
      [{ first: 2, before: cursor }, 'before'],
      [{ last: 0 }, 'last'],
      [{ last: 201 }, 'last'],
      [{ last: 2, before: 'not-a-cursor' }, 'before'],
    ];
    for (const [vars, field] of cases) {
      const document = fetch === customersPage ? AdminCustomersPageDocument : AdminOrdersPageDocument;
      const result = await staff.request(document as typeof AdminCustomersPageDocument, vars);
      expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
    }
  });
});

it('relayStylePagination prepends the earlier page fetched with last/before (the admin panel going back)', async () => {
  const principal = staffPrincipal('CUSTOMER_SERVICE');
  api.as(principal);
  const panel = new ApolloClient({
    link: new HttpLink({ uri: api.url, headers: { 'x-test-principal': JSON.stringify(principal) } }),
    cache: new InMemoryCache({ typePolicies: { Query: { fields: { customers: relayStylePagination(['filter']) } } } }),
  });
  const all = idsOf(await customersPage({ first: 200 }));
  const end = (await panel.query({ query: AdminCustomersPageDocument, variables: { last: 2 } })).data!.customers!;
  expect(idsOf(end)).toEqual(all.slice(-2));
  await panel.query({ query: AdminCustomersPageDocument, variables: { last: 2, before: end.pageInfo.startCursor }, fetchPolicy: 'network-only' });
  const merged = panel.readQuery({ query: AdminCustomersPageDocument, variables: { last: 2 } })!.customers!;
  expect(idsOf(merged)).toEqual(all.slice(-4));
  expect(merged.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
});
