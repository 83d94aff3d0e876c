import { AdminChangeOrderDocument, BookkeepingOrdersDocument, type BookkeepingOrdersQuery } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import {
  bearer,
  codesOf,
  dataOf,
  expectOnlyError,
  partnerWithToken,
  placeOrder,
  postGraphQL,
  registerCustomer,
  signedInStaff,
  type PartnerWithToken,
  type PlacedOrder,
  type RegisteredCustomer,
  type SignedInStaff,
} from './identity-scenarios';

/*
 * An accounting partner's token (§7.4 disclosure to accounting partners so
 * that the service can be delivered; §8.9 bookkeeping material; §7.3 never
 * for marketing; §9.2 only what is needed). It reads orders with lines,
 * totals and billing; it never reaches customers, consents or loyalty.
 * As src/modules/orders/orders.policy.ts defines it, Order.delivery and
 * Order.changes are refused at their path while the rest of the order arrives.
 */

let api: TestApi;
let admin: SignedInStaff;
let customerService: SignedInStaff;
let bookkeeper: PartnerWithToken;
let maija: RegisteredCustomer;
let matti: RegisteredCustomer;
let maijaOrder: PlacedOrder;
let mattiOrder: PlacedOrder;

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInStaff(api, ['ADMIN']);
  customerService = await signedInStaff(api, ['CUSTOMER_SERVICE']);
  bookkeeper = await partnerWithToken(api, admin.token, 'ACCOUNTING');
  maija = await registerCustomer(api);
  matti = await registerCustomer(api);
  maijaOrder = await placeOrder(api, maija, customerService);
  mattiOrder = await placeOrder(api, matti, customerService, { paid: false });
  dataOf(await customerService.client.request(AdminChangeOrderDocument, { input: { orderId: mattiOrder.id, status: 'CANCELLED' } }), 'cancel');
}, 90_000);
afterAll(() => api.close());

type BookkeepingNode = NonNullable<BookkeepingOrdersQuery['orders']>['edges'][number]['node'];

function expectBookkeeping(node: BookkeepingNode | undefined, order: PlacedOrder, customer: RegisteredCustomer) {
  const subtotal = order.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  expect(node).toBeDefined();
  expect(node).toMatchObject({
    id: order.id,
    orderNumber: order.orderNumber,
    currency: 'EUR',
    subtotalCents: subtotal,
    shippingCents: 490,
    totalCents: subtotal + 490,
    billing: { name: `${customer.firstName} ${customer.lastName}`, line1: 'Isokatu 25', line2: null, postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
  });
  expect(node!.lines).toEqual(
    order.lines.map((l, i) => ({
      lineNo: i + 1,
      productCode: l.productCode,
      productName: l.productName,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      totalCents: l.quantity * l.unitPriceCents,
    })),
  );
}

describe('§7.4 §8.9 what an accounting token reads', () => {
  it('§7.4 §8.9 `orders` lists the orders with lines, totals and billing', async () => {
    const page = dataOf(await bookkeeper.client.request(BookkeepingOrdersDocument, { first: 50 }), 'orders').orders!;
    expect(page.edges.map(({ node: n }) => n.id).sort()).toEqual([maijaOrder.id, mattiOrder.id].sort());
    expectBookkeeping(
      page.edges.map((e) => e.node).find((n) => n.id === maijaOrder.id),
      maijaOrder,
      maija,
    );
    expectBookkeeping(
      page.edges.map((e) => e.node).find((n) => n.id === mattiOrder.id),
      mattiOrder,
      matti,
    );
    expect(page.edges.map((e) => e.node).find((n) => n.id === maijaOrder.id)!.status).toBe('PAID');
    expect(page.edges.map((e) => e.node).find((n) => n.id === mattiOrder.id)!.status).toBe('CANCELLED');

    const filtered = dataOf(await bookkeeper.client.request(BookkeepingOrdersDocument, { first: 50, filter: { status: ['CANCELLED'] } }), 'filtered').orders!;
    expect(filtered.edges.map(({ node: n }) => n.id)).toEqual([mattiOrder.id]);
  });

  it('§7.4 a single order by id is readable too', async () => {
    const response = await bookkeeper.client.raw<{ order: { id: string; totalCents: number } }>('query ($id: ID!) { order(id: $id) { id totalCents } }', { id: maijaOrder.id });
    expect(response.errors).toBeUndefined();
    expect(response.data?.order.id).toBe(maijaOrder.id);
  });

  it('§7.3 §9.2 customers, consents, loyalty, deliveries, data recipients and the audit are FORBIDDEN; nothing can be written', async () => {
    const forbidden: [string, Record<string, unknown>?][] = [
      ['query ($id: ID!) { customer(id: $id) { id email } }', { id: maija.customerId }],
      ['query ($id: ID!) { customer(id: $id) { consents { purpose granted } } }', { id: maija.customerId }],
      ['query ($id: ID!) { customer(id: $id) { consentHistory { purpose } } }', { id: maija.customerId }],
      ['query ($id: ID!) { customer(id: $id) { loyalty { memberNumber points } } }', { id: maija.customerId }],
      ['query ($id: ID!) { customer(id: $id) { dataRecipients { name } } }', { id: maija.customerId }],
      ['{ customers(first: 10) { nodes { id email } } }'],
      ['{ me { id } }'],
      ['{ myDataRecipients { name } }'],
      ['query ($id: ID!) { auditTrail(customerId: $id, first: 5) { nodes { id } } }', { id: maija.customerId }],
      ['{ deliveryOrders(first: 5) { nodes { id } } }'],
      ['{ partners { id } }'],
      ['mutation ($id: ID!) { changeOrder(input: { orderId: $id, status: CANCELLED }) { id } }', { id: maijaOrder.id }],
      [
        'mutation ($id: ID!) { placeOrder(input: { customerId: $id, lines: [{ productCode: "X", productName: "X", quantity: 1, unitPriceCents: 1 }], billing: { name: "X", line1: "X", postalCode: "1", city: "X" } }) { id } }',
        { id: maija.customerId },
      ],
    ];
    for (const [query, variables] of forbidden) {
      const response = await postGraphQL(api, { query, variables }, bearer(bookkeeper.token));
      expect([query, codesOf(response)]).toEqual([query, ['FORBIDDEN']]);
      for (const secret of [maija.email, maija.phoneE164]) expect(response.text).not.toContain(secret);
    }
    const [{ n }] = await api.db.query<{ n: number }>('select count(*)::int as n from customer_order');
    expect(n).toBe(2);
  });

  it('§7.4 Order.delivery and Order.changes are refused (FORBIDDEN at that path); the rest of the order still arrives', async () => {
    const response = await postGraphQL<{
      order: { id: string; totalCents: number; billing: { name: string } | null; lines: unknown[] | null; delivery: unknown; changes: unknown };
    }>(
      api,
      {
        query:
          'query OneOrder($id: ID!) { order(id: $id) { id totalCents billing { name } lines { productCode } delivery { name line1 phone } changes { kind toStatus actorKind actorId } } }',
        variables: { id: maijaOrder.id },
        operationName: 'OneOrder',
      },
      bearer(bookkeeper.token),
    );
    expect(response.status).toBe(200);
    expect(response.errors?.map((e) => [e.extensions?.code, e.path?.join('.')]).sort()).toEqual([
      ['FORBIDDEN', 'order.changes'],
      ['FORBIDDEN', 'order.delivery'],
    ]);
    const order = response.data!.order;
    expect(order).toMatchObject({ id: maijaOrder.id, billing: { name: `${maija.firstName} ${maija.lastName}` }, delivery: null, changes: null });
    expect(order.totalCents).toBeGreaterThan(0);
    expect(order.lines).toHaveLength(maijaOrder.lines.length);
    // Nothing of the delivery details or the history (who changed what) in the body.
    for (const secret of [maijaOrder.delivery.line1, customerService.id, 'STATUS_CHANGED']) expect(response.text).not.toContain(secret);

    // What was refused was not disclosed, so it is not in the audit either.
    const [row] = await api.db.query<{ fields: string[]; principal_kind: string }>('select fields, principal_kind::text as principal_kind from audit_entry where request_id = $1', [
      response.headers.get('x-request-id'),
    ]);
    expect(row.principal_kind).toBe('PARTNER');
    expect(row.fields).toEqual(expect.arrayContaining(['Order.billing', 'Order.lines', 'Order.totalCents']));
    expect(row.fields).not.toContain('Order.delivery');
    expect(row.fields).not.toContain('Order.changes');
  });

  it('§7.4 in the `orders` list too, every order answers with delivery and changes FORBIDDEN and the bookkeeping fields intact', async () => {
    const response = await bookkeeper.client.raw<{ orders: { edges: { node: { id: string; totalCents: number; delivery: unknown; changes: unknown } }[] } }>(
      '{ orders(first: 50) { edges { node { id totalCents delivery { city } changes { kind } } } } }',
    );
    const nodes = response.data!.orders.edges.map((e) => e.node);
    expect(nodes.map((n) => n.id).sort()).toEqual([maijaOrder.id, mattiOrder.id].sort());
    for (const node of nodes) expect(node).toMatchObject({ delivery: null, changes: null, totalCents: expect.any(Number) });
    expect(new Set(codesOf(response))).toEqual(new Set(['FORBIDDEN']));
    expect(response.errors!.map((e) => e.path!.join('.')).sort()).toEqual([0, 1].flatMap((i) => [`orders.edges.${i}.node.changes`, `orders.edges.${i}.node.delivery`]).sort());
  });

  it('§7.4 billing e-mail and phone are refused to ORDERS_ACCOUNTING: bookkeeping needs name and address, not contact data', async () => {
    const response = await bookkeeper.client.raw<{ order: { billing: { name: string | null; email: string | null; phone: string | null } } }>(
      'query ($id: ID!) { order(id: $id) { billing { name email phone } } }',
      { id: maijaOrder.id },
    );
    expect(response.data?.order.billing).toEqual({ name: expect.any(String), email: null, phone: null });
    const paths = (response.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code }));
    expect(paths).toEqual(
      expect.arrayContaining([
        { path: 'order.billing.email', code: 'FORBIDDEN' },
        { path: 'order.billing.phone', code: 'FORBIDDEN' },
      ]),
    );
    expect(JSON.stringify(response)).not.toContain(maija.email);
  });

  it('§7.4 the accounting token cannot use staff or logistics operations either', async () => {
    expectOnlyError(await bookkeeper.client.raw('{ staffUsers { id } }'), 'FORBIDDEN', ['staffUsers']);
    expectOnlyError(await bookkeeper.client.raw('mutation ($id: ID!) { reportDeliveryStatus(orderId: $id, status: SHIPPED) { id } }', { id: maijaOrder.id }), 'FORBIDDEN', [
      'reportDeliveryStatus',
    ]);
  });
});
