import { print } from 'graphql';
import { randomUUID } from 'node:crypto';
import { AdminOrderDocument, AssignDeliveryDocument, DeliveryOrdersDocument, ReportDeliveryStatusDocument, type DeliveryOrdersQuery } from '../generated/graphql';
import { startTestApi, type GraphQLResult, type TestApi } from '../support/api';
import {
  bearer,
  codesOf,
  dataOf,
  expectOnlyError,
  issuePartnerToken,
  partnerWithToken,
  placeOrder,
  postGraphQL,
  registerCustomer,
  signedInStaff,
  type PartnerWithToken,
  type PlacedOrder,
  type RawResponse,
  type RegisteredCustomer,
  type SignedInStaff,
} from './identity-scenarios';

/*
 * A logistics partner's token (§7.4: data is disclosed to transport partners
 * so that the service can be delivered — and only what delivery needs;
 * §7.3 never for marketing; §9.2 only to those who need it). Customer
 * service hands orders over; the token sees exactly those orders with
 * recipient, address, phone and lines, nothing else, and reports SHIPPED and
 * DELIVERED into the order history.
 */

let api: TestApi;
let admin: SignedInStaff;
let customerService: SignedInStaff;
let courier: PartnerWithToken;
let otherCourier: PartnerWithToken;
let bookkeeper: PartnerWithToken;
let maija: RegisteredCustomer;
let matti: RegisteredCustomer;
/** Assigned to `courier`. */
let maijaAssigned: PlacedOrder;
let mattiAssigned: PlacedOrder;
/** Not assigned to anyone. */
let maijaUnassigned: PlacedOrder;
/** Assigned to `otherCourier`. */
let mattiElsewhere: PlacedOrder;
const assignResults: GraphQLResult<unknown>[] = [];

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInStaff(api, ['ADMIN']);
  customerService = await signedInStaff(api, ['CUSTOMER_SERVICE']);
  courier = await partnerWithToken(api, admin.token, 'LOGISTICS');
  otherCourier = await partnerWithToken(api, admin.token, 'LOGISTICS');
  bookkeeper = await partnerWithToken(api, admin.token, 'ACCOUNTING');
  maija = await registerCustomer(api);
  matti = await registerCustomer(api);
  maijaAssigned = await placeOrder(api, maija, customerService);
  mattiAssigned = await placeOrder(api, matti, customerService);
  maijaUnassigned = await placeOrder(api, maija, customerService);
  mattiElsewhere = await placeOrder(api, matti, customerService);
  for (const [order, partner] of [
    [maijaAssigned, courier],
    [mattiAssigned, courier],
    [mattiElsewhere, otherCourier],
  ] as const) {
    assignResults.push(await customerService.client.request(AssignDeliveryDocument, { orderId: order.id, partnerId: partner.id }));
  }
}, 90_000);
afterAll(() => api.close());

const deliveryOrders = (token: string, openOnly = true, first = 50, after?: string) => api.withToken(token).request(DeliveryOrdersDocument, { first, openOnly, after });

type DeliveryNode = NonNullable<DeliveryOrdersQuery['deliveryOrders']>['edges'][number]['node'];

function expectDeliveryNode(node: DeliveryNode, order: PlacedOrder) {
  expect(node).toMatchObject({
    id: order.id,
    orderNumber: order.orderNumber,
    recipientName: order.delivery.name,
    line1: order.delivery.line1,
    line2: null,
    postalCode: order.delivery.postalCode,
    city: order.delivery.city,
    countryCode: order.delivery.countryCode,
    phone: order.delivery.phone,
  });
  expect(node.lines).toEqual(order.lines.map(({ productCode, productName, quantity }) => ({ productCode, productName, quantity })));
}

describe('§7.4 handing orders over', () => {
  it('§7.4 CUSTOMER_SERVICE hands orders to a logistics partner with assignDelivery', async () => {
    for (const result of assignResults) expect(codesOf(result)).toEqual([]);
    const rows = await api.db.query<{ order_id: string; partner_id: string; assigned_by: string }>(
      'select order_id, partner_id, assigned_by from delivery_assignment order by assigned_at',
    );
    expect(rows).toEqual([
      { order_id: maijaAssigned.id, partner_id: courier.id, assigned_by: customerService.id },
      { order_id: mattiAssigned.id, partner_id: courier.id, assigned_by: customerService.id },
      { order_id: mattiElsewhere.id, partner_id: otherCourier.id, assigned_by: customerService.id },
    ]);
  });

  it('§9.2 only CUSTOMER_SERVICE assigns: ADMIN and the courier itself are FORBIDDEN; an accounting partner is no courier', async () => {
    const before = await api.db.query('select id from delivery_assignment');
    expectOnlyError(await admin.client.request(AssignDeliveryDocument, { orderId: maijaUnassigned.id, partnerId: courier.id }), 'FORBIDDEN');
    expectOnlyError(await courier.client.request(AssignDeliveryDocument, { orderId: maijaUnassigned.id, partnerId: courier.id }), 'FORBIDDEN');
    expect(codesOf(await api.anonymous.request(AssignDeliveryDocument, { orderId: maijaUnassigned.id, partnerId: courier.id }))).toEqual(['UNAUTHENTICATED']);
    const toBookkeeper = await customerService.client.request(AssignDeliveryDocument, { orderId: maijaUnassigned.id, partnerId: bookkeeper.id });
    expect(expectOnlyError(toBookkeeper, 'PARTNER_NOT_LOGISTICS').extensions?.field).toBe('partnerId');
    expectOnlyError(await customerService.client.request(AssignDeliveryDocument, { orderId: randomUUID(), partnerId: courier.id }), 'NOT_FOUND');
    expect(await api.db.query('select id from delivery_assignment')).toEqual(before);
  });
});

describe('§7.4 what a logistics token sees', () => {
  it('§7.4 deliveryOrders lists exactly the orders assigned to this partner, with recipient, delivery address, phone and lines', async () => {
    const page = dataOf(await deliveryOrders(courier.token), 'deliveryOrders').deliveryOrders!;
    expect(page.edges.map(({ node: n }) => n.id).sort()).toEqual([maijaAssigned.id, mattiAssigned.id].sort());
    expectDeliveryNode(page.edges.map((e) => e.node).find((n) => n.id === maijaAssigned.id)!, maijaAssigned);
    expectDeliveryNode(page.edges.map((e) => e.node).find((n) => n.id === mattiAssigned.id)!, mattiAssigned);
    expect(page.pageInfo.hasNextPage).toBe(false);

    const others = dataOf(await deliveryOrders(otherCourier.token), 'deliveryOrders').deliveryOrders!;
    expect(others.edges.map(({ node: n }) => n.id)).toEqual([mattiElsewhere.id]);
  });

  it('§7.4 paging through deliveryOrders never reaches another partner’s orders', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = dataOf(await deliveryOrders(courier.token, false, 1, after), 'page').deliveryOrders!;
      seen.push(...page.edges.map(({ node: n }) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen.sort()).toEqual([maijaAssigned.id, mattiAssigned.id].sort());
  });

  it('§7.3 §7.4 §9.2 it cannot reach customers, orders, consents, loyalty, e-mails or the audit (FORBIDDEN / not in the type), and no response carries an e-mail', async () => {
    const [{ billing_email }] = await api.db.query<{ billing_email: string }>('select billing_email from customer_order where id = $1', [maijaAssigned.id]);
    expect(billing_email).toBe(maija.email); // the e-mail is there to leak

    const responses: RawResponse[] = [];
    const ask = async (query: string, variables?: Record<string, unknown>) => {
      const response = await postGraphQL(api, { query, variables }, bearer(courier.token));
      responses.push(response);
      return response;
    };

    const forbidden: [string, Record<string, unknown>?][] = [
      ['query ($id: ID!) { customer(id: $id) { id email } }', { id: maija.customerId }],
      ['query ($id: ID!) { customer(id: $id) { consents { purpose granted } } }', { id: maija.customerId }],
      ['query ($id: ID!) { customer(id: $id) { loyalty { memberNumber points } } }', { id: maija.customerId }],
      ['{ customers(first: 10) { nodes { id email } } }'],
      ['query ($id: ID!) { order(id: $id) { id billing { email name } } }', { id: maijaAssigned.id }],
      ['{ orders(first: 10) { nodes { id billing { email } } } }'],
      ['{ me { id email } }'],
      ['{ myDataRecipients { name } }'],
      ['query ($id: ID!) { auditTrail(customerId: $id, first: 5) { nodes { id } } }', { id: maija.customerId }],
      ['{ partners { id name } }'],
      ['mutation ($id: ID!) { changeOrder(input: { orderId: $id, status: CANCELLED }) { id } }', { id: maijaAssigned.id }],
    ];
    for (const [query, variables] of forbidden) {
      const response = await ask(query, variables);
      expect([query, codesOf(response)]).toEqual([query, ['FORBIDDEN']]);
    }

    for (const field of ['email', 'billing { email }', 'customer { id }', 'customerId', 'consents { purpose }', 'loyalty { points }', 'totalCents', 'delivery { email }']) {
      const response = await ask(`{ deliveryOrders(first: 10, openOnly: false) { nodes { id ${field} } } }`);
      expect([field, response.status, codesOf(response)]).toEqual([field, 400, ['GRAPHQL_VALIDATION_FAILED']]);
    }

    // The permitted query too: no e-mail in it.
    responses.push(await postGraphQL(api, { query: print(DeliveryOrdersDocument), variables: { first: 50, openOnly: false } }, bearer(courier.token)));
    expect(responses.at(-1)!.errors).toBeUndefined();
    for (const response of responses) {
      for (const secret of [maija.email, matti.email, maija.customerId, matti.customerId]) expect(response.text).not.toContain(secret);
    }
    // Nothing was cancelled.
    const [{ status }] = await api.db.query<{ status: string }>('select status::text as status from customer_order where id = $1', [maijaAssigned.id]);
    expect(status).toBe('PAID');
  });
});

describe('§7.4 reporting delivery status', () => {
  it('§7.4 SHIPPED then DELIVERED on an assigned PAID order works and joins the order history with actorKind PARTNER', async () => {
    const shipped = dataOf(await courier.client.request(ReportDeliveryStatusDocument, { orderId: mattiAssigned.id, status: 'SHIPPED' }), 'SHIPPED').reportDeliveryStatus!;
    expect(shipped).toEqual({ id: mattiAssigned.id, status: 'SHIPPED' });
    const delivered = dataOf(await courier.client.request(ReportDeliveryStatusDocument, { orderId: mattiAssigned.id, status: 'DELIVERED' }), 'DELIVERED').reportDeliveryStatus!;
    expect(delivered).toEqual({ id: mattiAssigned.id, status: 'DELIVERED' });

    const history = dataOf(await customerService.client.request(AdminOrderDocument, { id: mattiAssigned.id }), 'order').order!;
    expect(history.status).toBe('DELIVERED');
    const partnerChanges = history.changes!.filter((c) => c.actorKind === 'PARTNER');
    expect(partnerChanges).toEqual([
      expect.objectContaining({ kind: 'STATUS_CHANGED', fromStatus: 'PAID', toStatus: 'SHIPPED' }),
      expect.objectContaining({ kind: 'STATUS_CHANGED', fromStatus: 'SHIPPED', toStatus: 'DELIVERED' }),
    ]);
    const rows = await api.db.query<{ actor_kind: string; actor_id: string }>(
      `select actor_kind::text as actor_kind, actor_id from order_change where order_id = $1 and actor_kind = 'PARTNER' order by changed_at, id`,
      [mattiAssigned.id],
    );
    expect(rows).toEqual([
      { actor_kind: 'PARTNER', actor_id: courier.id },
      { actor_kind: 'PARTNER', actor_id: courier.id },
    ]);

    // A delivered order leaves the open list but stays in the full one.
    const open = dataOf(await deliveryOrders(courier.token, true), 'open').deliveryOrders!;
    expect(open.edges.map(({ node: n }) => n.id)).toEqual([maijaAssigned.id]);
    const all = dataOf(await deliveryOrders(courier.token, false), 'all').deliveryOrders!;
    expect(all.edges.map((e) => e.node).find((n) => n.id === mattiAssigned.id)?.status).toBe('DELIVERED');
  });

  it('§7.4 §9.2 on an order not assigned to it the partner gets NOT_FOUND (like a missing id) and nothing changes', async () => {
    const missing = await courier.client.request(ReportDeliveryStatusDocument, { orderId: randomUUID(), status: 'SHIPPED' });
    expectOnlyError(missing, 'NOT_FOUND');
    for (const order of [maijaUnassigned, mattiElsewhere]) {
      const before = await api.db.query('select id from order_change where order_id = $1', [order.id]);
      const result = await courier.client.request(ReportDeliveryStatusDocument, { orderId: order.id, status: 'SHIPPED' });
      expect(result.data?.reportDeliveryStatus ?? null).toBeNull();
      expect(result.errors).toEqual(missing.errors);
      const [{ status }] = await api.db.query<{ status: string }>('select status::text as status from customer_order where id = $1', [order.id]);
      expect(status).toBe('PAID');
      expect(await api.db.query('select id from order_change where order_id = $1', [order.id])).toEqual(before);
    }
  });

  it('§7.4 a logistics partner reports only SHIPPED or DELIVERED', async () => {
    const result = await courier.client.request(ReportDeliveryStatusDocument, { orderId: maijaAssigned.id, status: 'CANCELLED' });
    expect(expectOnlyError(result, 'BAD_USER_INPUT').extensions?.field).toBe('status');
    const [{ status }] = await api.db.query<{ status: string }>('select status::text as status from customer_order where id = $1', [maijaAssigned.id]);
    expect(status).toBe('PAID');
  });

  it('§7.4 a token without ORDERS_DELIVERY_STATUS reads its deliveries but cannot report status (FORBIDDEN)', async () => {
    const { token } = await issuePartnerToken(api, admin.token, courier.id, ['ORDERS_DELIVERY']);
    const page = dataOf(await deliveryOrders(token), 'deliveryOrders').deliveryOrders!;
    expect(page.edges.map(({ node: n }) => n.id)).toContain(maijaAssigned.id);
    const report = await api.withToken(token).request(ReportDeliveryStatusDocument, { orderId: maijaAssigned.id, status: 'SHIPPED' });
    expectOnlyError(report, 'FORBIDDEN', ['reportDeliveryStatus']);
  });

  it('§7.4 an accounting token reaches no deliveries (FORBIDDEN)', async () => {
    expectOnlyError(await deliveryOrders(bookkeeper.token), 'FORBIDDEN', ['deliveryOrders']);
    expectOnlyError(await bookkeeper.client.request(ReportDeliveryStatusDocument, { orderId: maijaAssigned.id, status: 'SHIPPED' }), 'FORBIDDEN');
  });
});
