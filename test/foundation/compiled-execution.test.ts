import { execute, getIntrospectionQuery, parse } from 'graphql';
import { randomUUID } from 'node:crypto';
import { createRequestContext } from '../../src/app/context';
import { compiledExecutor } from '../../src/core/graphql/executor';
import type { RequestContext } from '../../src/core/graphql/context';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSchema } from '../../src/app/schema';
import type { Principal } from '../../src/core/auth/principal';
import { createLogger } from '../../src/core/logging/logger';
import { AdminChangeOrderDocument, AdminPlaceOrderDocument, RestrictMyProcessingDocument } from '../generated/graphql';
import { startTestApi, type GraphQLErrorShape, type TestApi } from '../support/api';
import { customerPrincipal, staffPrincipal } from '../support/scenarios';
import { TEST_SETTINGS } from '../support/test-env';
import { dataOf, placeShopOrder, registerShopper, type Shopper } from '../rights/consent-scenarios';

/*
 * Issue 9: queries are served compiled by graphql-jit (src/core/graphql/executor.ts).
 * The compiled path must answer exactly as graphql-js does on the same served schema:
 * the same data, the same refusals (FORBIDDEN / UNAUTHENTICATED at their paths, the
 * rest intact), the same RESTRICTED copies (§8.11), the same bad-variable errors.
 * Each document below runs over HTTP (compiled) and through graphql-js's execute()
 * against the same database, and the two answers are compared.
 */

let api: TestApi;
let restricted: Shopper;
let plain: Shopper;
/** A guest's order (no account): billing copy and a staff note with the guest's name and number in it. */
const guest = { name: 'Sámi Áŋŋá-Nuorgam', email: `sami.guest.${randomUUID().slice(0, 8)}@example.fi`, phone: '+358 50 765 4321', storedPhone: '+358507654321' };
const schema = buildSchema();
const logger = createLogger('silent');

beforeAll(async () => {
  api = await startTestApi();
  restricted = await registerShopper(api, { firstName: 'Ánne-Máret', lastName: 'Äijälä-Østergård' });
  plain = await registerShopper(api, { firstName: 'Kaisa', lastName: 'Mäkelä' });
  for (const shopper of [restricted, plain]) {
    await placeShopOrder(shopper);
    await placeShopOrder(shopper);
  }
  const placed = dataOf(
    await api.as(staffPrincipal('CUSTOMER_SERVICE')).request(AdminPlaceOrderDocument, {
      input: {
        customerId: null,
        lines: [{ productCode: 'TEA-GUEST', productName: 'Jasmiinitee 100 g', quantity: 1, unitPriceCents: 790 }],
        billing: { name: guest.name, email: guest.email, phone: guest.phone, line1: 'Siidantie 1', postalCode: '99870', city: 'Inari', countryCode: 'FI' },
        currency: 'EUR',
        shippingCents: 490,
        source: 'PHONE',
      },
    }),
    'guest order',
  ).placeOrder!;
  dataOf(
    await api
      .as(staffPrincipal('CUSTOMER_SERVICE'))
      .request(AdminChangeOrderDocument, { input: { orderId: placed.id, status: 'PAID', note: `Soitettu ${guest.name}, 050 765 4321` } }),
    'paid',
  );
  dataOf(
    await restricted.client.request(RestrictMyProcessingDocument, { input: { fields: ['email', 'phone', 'addresses'], reason: 'Kiistanalainen puhelinnumero' } }),
    'restrictMyProcessing',
  );
}, 60_000);
afterAll(() => api.close());

/** What a client can tell apart in an answer: data, and each error's message, code and path. */
function comparable(result: {
  data?: unknown;
  errors?: readonly GraphQLErrorShape[] | readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}) {
  const errors = (result.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code ?? null, path: (e.path ?? []).join('.') }));
  errors.sort((a, b) => a.path.localeCompare(b.path) || a.message.localeCompare(b.message));
  return { data: result.data ?? null, errors };
}

async function bothWays(principal: Principal, query: string, variables: Record<string, unknown> = {}, servedBy: TestApi = api) {
  const served = await servedBy.as(principal).raw(query, variables);
  const contextValue = createRequestContext({ orm: api.db.orm, principal, requestId: randomUUID(), log: logger, settings: TEST_SETTINGS });
  const reference = await execute({ schema, document: parse(query), contextValue, variableValues: variables });
  return { compiled: comparable(served), graphqlJs: comparable(reference) };
}

const ADMIN_LIST = `query AdminList($first: Int!) { customers(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id firstName lastName email phone loyalty { tier points }
    consents { purpose granted since } orders { orderNumber status totalCents billing { name email phone city } delivery { name phone line1 }
      lines { productCode productName quantity unitPriceCents totalCents } } } } } }`;
const ME = `{ me { id firstName lastName email phone consents { purpose granted } orders { orderNumber status totalCents lines { productCode quantity unitPriceCents } } } }`;

it('customer service’s admin list: the same data and the same RESTRICTED copies on both executors', async () => {
  const { compiled, graphqlJs } = await bothWays(staffPrincipal('CUSTOMER_SERVICE'), ADMIN_LIST, { first: 20 });
  expect(compiled).toEqual(graphqlJs);
  expect(compiled.errors.some((e) => e.code === 'RESTRICTED')).toBe(true);
  expect(JSON.stringify(compiled.data)).toContain(plain.email);
  expect(JSON.stringify(compiled.data)).not.toContain(restricted.email);
});

it('marketing on the same list: FORBIDDEN at every order path and the rest of the answer intact, on both executors', async () => {
  const { compiled, graphqlJs } = await bothWays(staffPrincipal('MARKETING'), ADMIN_LIST, { first: 20 });
  expect(compiled).toEqual(graphqlJs);
  expect(compiled.errors.length).toBeGreaterThan(0);
  expect(compiled.errors.every((e) => e.code === 'FORBIDDEN' || e.code === 'RESTRICTED')).toBe(true);
});

it('the storefront’s me: identical for the customer, and UNAUTHENTICATED at me for an anonymous caller', async () => {
  const mine = await bothWays(customerPrincipal(restricted.customerId), ME);
  expect(mine.compiled).toEqual(mine.graphqlJs);
  expect(JSON.stringify(mine.compiled.data)).toContain(restricted.email);
  const anonymous = await bothWays({ kind: 'ANONYMOUS' }, ME);
  expect(anonymous.compiled).toEqual(anonymous.graphqlJs);
  expect(anonymous.compiled.errors.map((e) => e.code)).toEqual(['UNAUTHENTICATED']);
});

it('variables: a filter whose input fields have defaults, and a bad variable, answer as graphql-js does', async () => {
  const requests = `query Requests($filter: PrivacyRequestFilter) { privacyRequests(first: 10, filter: $filter) { edges { node { id type status } } } }`;
  const officer = staffPrincipal('PRIVACY_OFFICER');
  const filtered = await bothWays(officer, requests, { filter: { customerId: restricted.customerId } });
  expect(filtered.compiled).toEqual(filtered.graphqlJs);
  const bad = await api.as(officer).raw(ADMIN_LIST, { first: 'twenty' });
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('an operation name the document does not have runs nothing and answers as graphql-js does', async () => {
  const principal = staffPrincipal('PRIVACY_OFFICER');
  api.as(principal); // registers the principal with the harness, which reads it from the header below
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(principal) },
    body: JSON.stringify({ query: 'query Mine { recordOfProcessing }', operationName: 'Nope' }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  expect(response.status).toBeLessThan(500);
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.message).toBe('Unknown operation named "Nope".');
});

it('a document compiled for one role set is never served to another: the accounting partner after customer service, and back (§7.4, §9.2)', async () => {
  // Compilation leaves out the guard of the fields a role set is always allowed (guard.ts compilationVariant):
  // customer service may read the billing copy's e-mail and phone, the accounting partner may not (§7.4).
  const orders = `{ orders(first: 50) { nodes { orderNumber totalCents billing { name email phone city } } } }`;
  const accounting: Principal = { kind: 'PARTNER', partnerId: randomUUID(), partnerKind: 'ACCOUNTING', tokenId: randomUUID(), scopes: ['ORDERS_ACCOUNTING'] };
  const first = await bothWays(staffPrincipal('CUSTOMER_SERVICE'), orders);
  expect(first.compiled).toEqual(first.graphqlJs);
  expect(JSON.stringify(first.compiled.data)).toContain(plain.email);

  const partner = await bothWays(accounting, orders);
  expect(partner.compiled).toEqual(partner.graphqlJs);
  expect(JSON.stringify(partner.compiled.data)).toContain(plain.lastName);
  expect(JSON.stringify(partner.compiled.data)).not.toContain(plain.email);
  const refused = partner.compiled.errors.filter((e) => e.code === 'FORBIDDEN').map((e) => e.path.replace(/\.\d+\./, '.#.'));
  expect(new Set(refused)).toEqual(new Set(['orders.nodes.#.billing.email', 'orders.nodes.#.billing.phone']));

  // The guest's copies (no account behind them) are refused the partner the same way.
  expect(JSON.stringify(first.compiled.data)).toContain(guest.email);
  expect(JSON.stringify(partner.compiled.data)).toContain(guest.name);
  expect(JSON.stringify(partner.compiled.data)).not.toContain(guest.email);
  expect(JSON.stringify(partner.compiled.data)).not.toContain(guest.storedPhone);

  // Both role sets at the same moment, on a document neither has compiled yet: each gets its own answer.
  const fresh = `query Both { orders(first: 50) { nodes { orderNumber billing { email phone name } } } }`;
  const together = await Promise.all([0, 1, 2].flatMap(() => [bothWays(staffPrincipal('CUSTOMER_SERVICE'), fresh), bothWays(accounting, fresh)]));
  together.forEach(({ compiled, graphqlJs }, i) => {
    expect(compiled).toEqual(graphqlJs);
    if (i % 2 === 1) expect(JSON.stringify(compiled.data)).not.toContain(guest.storedPhone);
    else expect(JSON.stringify(compiled.data)).toContain(guest.storedPhone);
  });

  const again = await bothWays(staffPrincipal('CUSTOMER_SERVICE'), orders);
  expect(again.compiled).toEqual(again.graphqlJs);
  // Only the restricted shopper's copies are withheld from customer service (§8.11), nothing FORBIDDEN.
  expect(again.compiled.errors.length).toBeGreaterThan(0);
  expect(again.compiled.errors.every((e) => e.code === 'RESTRICTED')).toBe(true);
  expect(JSON.stringify(again.compiled.data)).toContain(plain.email);
});

it('as production serves them (leaves handed out unserialized, executor.ts): the same answers as graphql-js for every document and role above', async () => {
  const production = await startTestApi({ production: true, db: api.db });
  try {
    const orders = `{ orders(first: 50) { nodes { orderNumber status placedAt totalCents billing { name email phone city } lines { productCode quantity } } } }`;
    const accounting: Principal = { kind: 'PARTNER', partnerId: randomUUID(), partnerKind: 'ACCOUNTING', tokenId: randomUUID(), scopes: ['ORDERS_ACCOUNTING'] };
    const cases: [Principal, string, Record<string, unknown>?][] = [
      [staffPrincipal('CUSTOMER_SERVICE'), ADMIN_LIST, { first: 20 }],
      [staffPrincipal('MARKETING'), ADMIN_LIST, { first: 20 }],
      [customerPrincipal(restricted.customerId), ME],
      [customerPrincipal(plain.customerId), ME],
      [staffPrincipal('CUSTOMER_SERVICE'), orders],
      [accounting, orders],
      [{ kind: 'ANONYMOUS' }, ME],
      // NoticeLanguage's values are not its names (FI = 'fi'): such a document is serialized as before.
      [{ kind: 'ANONYMOUS' }, '{ privacyNotice(language: FI) { language version } }'],
    ];
    for (const [principal, query, variables] of cases) {
      const { compiled, graphqlJs } = await bothWays(principal, query, variables, production);
      expect(compiled).toEqual(graphqlJs);
    }
    const notice = await production.anonymous.raw<{ privacyNotice: { language: string } }>('{ privacyNotice(language: FI) { language } }');
    expect(notice.data?.privacyNotice.language).toBe('FI');
  } finally {
    await production.close();
  }
});

it('the full introspection query (what the development IDE and client tooling send) answers exactly as graphql-js does, leaves checked', async () => {
  const { compiled, graphqlJs } = await bothWays({ kind: 'ANONYMOUS' }, getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
  expect(compiled.errors).toEqual([]);
  expect(compiled).toEqual(graphqlJs);
  expect(JSON.stringify(compiled.data)).toContain('"name":"Customer"');
});

/*
 * A customer's own data is checked once per row when the row is handed out, not per field
 * (guard.ts RowChecking): the compiled document then reads those fields as plain properties.
 * No query hands a customer another customer's rows; a loader that did (a bug) must still get
 * every field of those rows refused, FORBIDDEN at its path, on both executors.
 */

/** Another customer's orders (the restricted shopper's), as their own request would load them. */
async function theirOrders() {
  const theirs = createRequestContext({ orm: api.db.orm, principal: customerPrincipal(restricted.customerId), requestId: randomUUID(), log: logger, settings: TEST_SETTINGS });
  return theirs.loaders.ordersWithLinesByCustomer.load(restricted.customerId);
}

/** The plain shopper's request whose order loaders answer the other customer's orders, whatever the request primes (a bug the checks must catch). */
async function faultyContext(): Promise<RequestContext> {
  const ctx = createRequestContext({ orm: api.db.orm, principal: customerPrincipal(plain.customerId), requestId: randomUUID(), log: logger, settings: TEST_SETTINGS });
  const orders = await theirOrders();
  expect(orders.length).toBe(2);
  const wrong = { load: async () => orders, now: () => orders, prime: () => wrong, clear: () => wrong, clearAll: () => wrong };
  Object.assign(ctx.loaders, { ordersWithLinesByCustomer: wrong, ordersByCustomer: wrong });
  return ctx;
}

it("another customer's orders handed to a customer by a faulty loader: every field of them FORBIDDEN at its path, on both executors", async () => {
  const query = `{ me { id firstName lastName email orders { orderNumber status totalCents lines { productCode quantity } } } }`;
  const run = compiledExecutor(schema, { leaves: 'checked' });
  const document = parse(query);
  const compiled = comparable(
    await run({ document, context: await faultyContext(), request: { query }, queryHash: 'faulty-loader', operationName: null } as unknown as GatewayGraphQLRequestContext),
  );
  const graphqlJs = comparable(await execute({ schema, document, contextValue: await faultyContext() }));
  expect(compiled).toEqual(graphqlJs);

  // The customer's own fields are there; nothing of the other customer's orders is.
  const me = (compiled.data as { me: { firstName: string; orders: ({ orderNumber: string | null; lines: unknown } | null)[] } }).me;
  expect(me.firstName).toBe(plain.firstName);
  expect(me.orders).toHaveLength(2);
  for (const order of me.orders) expect(order).toEqual({ orderNumber: null, status: null, totalCents: null, lines: null });
  const refused = compiled.errors.map((e) => `${e.code} ${e.path.replace(/\.\d+\./, '.#.')}`);
  expect(new Set(refused)).toEqual(
    new Set(['FORBIDDEN me.orders.#.orderNumber', 'FORBIDDEN me.orders.#.status', 'FORBIDDEN me.orders.#.totalCents', 'FORBIDDEN me.orders.#.lines']),
  );
  expect(refused).toHaveLength(8);
  for (const order of await theirOrders()) expect(JSON.stringify(compiled.data)).not.toContain(order.orderNumber);
});

it("a fragment spread twice, merged with different siblings: the faulty loader's orders are refused field by field in both places, on both executors", async () => {
  // F's `orders` node is the first of the merged nodes in both `a` and `b`; `b` selects more on the same rows.
  const query = `query Twice { a: me { ...F } b: me { ...F orders { totalCents status } } } fragment F on Customer { firstName orders { orderNumber } }`;
  const run = compiledExecutor(schema, { leaves: 'checked' });
  const document = parse(query);
  // Each executor twice: the second run reads what the first left in the document's caches.
  for (let i = 0; i < 2; i++) {
    const compiled = comparable(
      await run({ document, context: await faultyContext(), request: { query }, queryHash: 'faulty-twice', operationName: null } as unknown as GatewayGraphQLRequestContext),
    );
    const graphqlJs = comparable(await execute({ schema, document, contextValue: await faultyContext() }));
    expect(compiled).toEqual(graphqlJs);
    const data = compiled.data as { a: { firstName: string; orders: unknown[] }; b: { firstName: string; orders: unknown[] } };
    expect(data.a.firstName).toBe(plain.firstName);
    expect(data.a.orders).toEqual([{ orderNumber: null }, { orderNumber: null }]);
    expect(data.b.orders).toEqual([
      { orderNumber: null, totalCents: null, status: null },
      { orderNumber: null, totalCents: null, status: null },
    ]);
    const refused = new Set(compiled.errors.map((e) => `${e.code} ${e.path.replace(/\.\d+\./, '.#.')}`));
    expect(refused).toEqual(new Set(['FORBIDDEN a.orders.#.orderNumber', 'FORBIDDEN b.orders.#.orderNumber', 'FORBIDDEN b.orders.#.totalCents', 'FORBIDDEN b.orders.#.status']));
  }
});

it('a fragment spread twice, merged with different siblings: the read audit names every field either place handed out (§9.2)', async () => {
  const staff = staffPrincipal('CUSTOMER_SERVICE');
  const query = `query AuditTwice { a: customers(first: 2) { ...P } b: customers(first: 2) { ...P nodes { phone } } } fragment P on CustomerConnection { nodes { id email } }`;
  for (let i = 0; i < 2; i++) {
    const answer = await api.as(staff).raw<{ b: { nodes: { id: string; phone: string | null }[] } }>(query);
    // Only the restricted shopper's copies are withheld (§8.11); the plain shopper's phone is handed out in `b`.
    expect((answer.errors ?? []).every((e) => e.extensions?.code === 'RESTRICTED')).toBe(true);
    expect(answer.data?.b.nodes.find((node) => node.id === plain.customerId)?.phone).toBe(plain.phone);
  }
  const entries = await api.db.query<{ fields: string[] }>(
    `select fields from audit_entry where principal_id = $1 and action = 'READ' and ($2::uuid = customer_id or $2::uuid = any(customer_ids)) order by occurred_at, id`,
    [staff.kind === 'STAFF' ? staff.staffId : '', plain.customerId],
  );
  expect(entries).toHaveLength(2);
  for (const entry of entries) expect(entry.fields).toEqual(expect.arrayContaining(['Customer.email', 'Customer.phone']));
});
