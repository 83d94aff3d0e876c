import type { Principal } from '../../src/core/auth/principal';
import {
  AdminChangeOrderDocument,
  AdminOrderDocument,
  AdminPlaceOrderDocument,
  BookkeepingOrdersDocument,
  StorefrontPlaceOrderDocument,
  type BookkeepingOrdersQuery,
  type ChangeOrderInput,
  type OrderLineInput,
  type OrderPartyInput,
  type PlaceOrderInput,
} from '../generated/graphql';
import { startTestApi, type GraphQLResult, type TestApi } from '../support/api';
import { customerPrincipal, shopWithCustomers, staffPrincipal, type SeededCustomer } from '../support/scenarios';

/*
 * Orders end to end (§3.2 webshop orders, §4.1 "the products ordered and
 * their changes"): totals computed by the server, the history of every change
 * with what, when and who, all-or-nothing changes, who may see and change
 * what, and bookkeeping that survives the customer's erasure (§8.9).
 */

let api: TestApi;
let seeded: SeededCustomer[];
/** A customer who signed up through the storefront (§6.1). */
let shopper: { id: string; email: string; token: string };

const REGISTER = 'mutation Register($input: RegisterCustomerInput!) { registerCustomer(input: $input) { token customerId } }';
const PASSWORD = 'kissa-koira-kala-2024';

let serial = 0;
async function registerCustomer(tag: string): Promise<{ id: string; email: string; token: string }> {
  serial += 1;
  const email = `${tag}.${serial}@example.fi`;
  const { data, errors } = await api.anonymous.raw<{ registerCustomer: { token: string; customerId: string } }>(REGISTER, {
    input: {
      firstName: 'Maija',
      lastName: 'Meikäläinen',
      email,
      password: PASSWORD,
      phone: '040 123 4567',
      address: { kind: 'HOME', line1: 'Isokatu 25', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
      consents: ['EMAIL_MARKETING'],
    },
  });
  expect(errors).toBeUndefined();
  return { id: data!.registerCustomer.customerId, email, token: data!.registerCustomer.token };
}

beforeAll(async () => {
  api = await startTestApi();
  seeded = await shopWithCustomers(api.db.orm, 3, 1);
  shopper = await registerCustomer('shopper');
}, 120_000);
afterAll(() => api.close());

const customerService = staffPrincipal('CUSTOMER_SERVICE');
const staffIdOf = (principal: Principal) => (principal as { staffId: string }).staffId;

const LINES: OrderLineInput[] = [
  { productCode: 'KUPPI-01', productName: 'Kahvikuppi', quantity: 2, unitPriceCents: 1250 },
  { productCode: 'LAUTANEN-02', productName: 'Lautanen', quantity: 1, unitPriceCents: 990 },
];

const BILLING: OrderPartyInput = {
  name: 'Maija Meikäläinen',
  email: 'Maija.Meikalainen@Example.FI',
  phone: '040 123 4567',
  line1: 'Isokatu 25',
  postalCode: '90100',
  city: 'Oulu',
  countryCode: 'FI',
};

function orderInput(overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput {
  return { lines: LINES, billing: BILLING, currency: 'EUR', shippingCents: 590, ...overrides };
}

/** Row counts of everything an order write touches. */
async function rowCounts() {
  const [row] = await api.db.query<{ orders: number; lines: number; changes: number }>(
    `select (select count(*) from customer_order)::int as orders, (select count(*) from order_line)::int as lines,
            (select count(*) from order_change)::int as changes`,
  );
  return row;
}

async function lastActivity(customerId: string): Promise<number> {
  const [row] = await api.db.query<{ last_activity_at: Date }>('select last_activity_at from customer where id = $1', [customerId]);
  return row.last_activity_at.getTime();
}

/** Everything stored about one order: its row, its lines and its history, exactly. */
async function snapshot(orderId: string) {
  const [order] = await api.db.query('select * from customer_order where id = $1', [orderId]);
  const lines = await api.db.query('select * from order_line where order_id = $1 order by line_no', [orderId]);
  const changes = await api.db.query('select * from order_change where order_id = $1 order by changed_at, id', [orderId]);
  return { order, lines, changes };
}

function expectRefusal(result: GraphQLResult<unknown>, code: string, field?: string) {
  expect(result.status).toBe(200);
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions?.code).toBe(code);
  if (field !== undefined) expect(result.errors![0].extensions?.field).toBe(field);
  expect(result.errors![0].message.length).toBeGreaterThan(0);
}

/** A fresh PLACED order of LINES for the shopper, entered by customer service. */
async function placeFresh(lines: OrderLineInput[] = LINES): Promise<string> {
  const { data, errors } = await api.as(customerService).request(AdminPlaceOrderDocument, {
    input: orderInput({ customerId: shopper.id, lines, source: 'PHONE' }),
  });
  expect(errors).toBeUndefined();
  return data!.placeOrder!.id;
}

async function change(input: ChangeOrderInput, principal: Principal = customerService) {
  return api.as(principal).request(AdminChangeOrderDocument, { input });
}

/** Move an order along legal transitions. */
async function moveTo(orderId: string, ...statuses: NonNullable<ChangeOrderInput['status']>[]) {
  for (const status of statuses) {
    const { errors } = await change({ orderId, status });
    expect(errors).toBeUndefined();
  }
}

const expectedSubtotal = (lines: OrderLineInput[]) => lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);

describe('placeOrder as a customer (§6.1 webshop order)', () => {
  it('computes the totals on the server, numbers the order J-YYYY-NNNNNN and records source WEBSHOP_ORDER', async () => {
    const { status, data, errors } = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput() });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    const order = data!.placeOrder!;
    const subtotal = expectedSubtotal(LINES);
    expect(order).toMatchObject({ status: 'PLACED', subtotalCents: subtotal, shippingCents: 590, totalCents: subtotal + 590, source: 'WEBSHOP_ORDER' });

    const [row] = await api.db.query<{ order_number: string; placed_at: Date; customer_id: string; subtotal_cents: number; total_cents: number; currency: string }>(
      'select order_number, placed_at, customer_id, subtotal_cents, total_cents, currency from customer_order where id = $1',
      [order.id],
    );
    expect(order.orderNumber).toBe(row.order_number);
    expect(row.order_number).toMatch(/^J-\d{4}-\d{6}$/);
    expect(row.order_number.slice(2, 6)).toBe(String(row.placed_at.getUTCFullYear()));
    expect(row).toMatchObject({ customer_id: shopper.id, subtotal_cents: subtotal, total_cents: subtotal + 590, currency: 'EUR' });
  });

  it('captures billing as given (e-mail lower-cased, phone E.164), delivery defaults to billing, and lines carry their totals', async () => {
    const { data } = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput() });
    const read = await api.as(customerPrincipal(shopper.id)).request(AdminOrderDocument, { id: data!.placeOrder!.id });
    expect(read.errors).toBeUndefined();
    const order = read.data!.order!;
    const billing = {
      name: 'Maija Meikäläinen',
      email: 'maija.meikalainen@example.fi',
      phone: '+358401234567',
      line1: 'Isokatu 25',
      line2: null,
      postalCode: '90100',
      city: 'Oulu',
      countryCode: 'FI',
    };
    expect(order.billing).toEqual(billing);
    expect(order.delivery).toEqual({ name: billing.name, phone: billing.phone, line1: billing.line1, postalCode: billing.postalCode, city: billing.city, countryCode: 'FI' });
    expect(order.lines).toEqual(LINES.map((line, index) => ({ lineNo: index + 1, ...line, totalCents: line.quantity * line.unitPriceCents })));
    expect(order.currency).toBe('EUR');

    const [row] = await api.db.query<Record<string, string | null>>(
      `select delivery_name, delivery_email, delivery_phone, delivery_line1, delivery_line2, delivery_postal_code, delivery_city, delivery_country_code
       from customer_order where id = $1`,
      [order.id],
    );
    expect(row).toEqual({
      delivery_name: billing.name,
      delivery_email: billing.email,
      delivery_phone: billing.phone,
      delivery_line1: billing.line1,
      delivery_line2: null,
      delivery_postal_code: billing.postalCode,
      delivery_city: billing.city,
      delivery_country_code: 'FI',
    });
  });

  it('keeps a delivery address given apart from billing', async () => {
    const delivery: OrderPartyInput = { name: 'Matti Meikäläinen', phone: '+358 50 765 4321', line1: 'Rantakatu 3', postalCode: '00100', city: 'Helsinki', countryCode: 'fi' };
    const { data, errors } = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput({ delivery }) });
    expect(errors).toBeUndefined();
    const read = await api.as(customerPrincipal(shopper.id)).request(AdminOrderDocument, { id: data!.placeOrder!.id });
    expect(read.data!.order!.delivery).toEqual({
      name: 'Matti Meikäläinen',
      phone: '+358507654321',
      line1: 'Rantakatu 3',
      postalCode: '00100',
      city: 'Helsinki',
      countryCode: 'FI',
    });
    expect(read.data!.order!.billing).toMatchObject({ name: 'Maija Meikäläinen', line1: 'Isokatu 25', city: 'Oulu' });
  });

  it('writes a PLACED history entry by the customer (§4.1)', async () => {
    const { data } = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput() });
    const id = data!.placeOrder!.id;
    const read = await api.as(customerPrincipal(shopper.id)).request(AdminOrderDocument, { id });
    expect(read.data!.order!.changes).toEqual([
      { kind: 'PLACED', actorKind: 'CUSTOMER', fromStatus: null, toStatus: 'PLACED', productCode: null, fromQuantity: null, toQuantity: null, note: null },
    ]);
    const rows = await api.db.query<{ kind: string; actor_kind: string; actor_id: string; changed_at: Date; placed_at: Date }>(
      `select h.kind, h.actor_kind, h.actor_id, h.changed_at, o.placed_at from order_change h join customer_order o on o.id = h.order_id where h.order_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'PLACED', actor_kind: 'CUSTOMER', actor_id: shopper.id });
    expect(rows[0].changed_at.getTime()).toBe(rows[0].placed_at.getTime());
  });

  it('gives every order its own number, in placing order', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { data } = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput() });
      numbers.push(data!.placeOrder!.orderNumber!);
    }
    expect(new Set(numbers).size).toBe(3);
    const serials = numbers.map((n) => Number(n.slice(-6)));
    expect(serials).toEqual([...serials].sort((a, b) => a - b));
  });

  it('restarts the §4.2 two-year clock: customer.last_activity_at moves to the moment of the order', async () => {
    const customer = seeded[0];
    const before = await lastActivity(customer.id);
    const { data, errors } = await api.as(customerPrincipal(customer.id)).request(StorefrontPlaceOrderDocument, { input: orderInput({ customerId: customer.id }) });
    expect(errors).toBeUndefined();
    const [{ placed_at }] = await api.db.query<{ placed_at: Date }>('select placed_at from customer_order where id = $1', [data!.placeOrder!.id]);
    const after = await lastActivity(customer.id);
    expect(after).not.toBe(before);
    expect(after).toBe(placed_at.getTime());
  });

  it('a customer signed in with the session from sign-up orders for themself without naming a customer id', async () => {
    const newcomer = await registerCustomer('newcomer');
    const { data, errors } = await api.withToken(newcomer.token).request(StorefrontPlaceOrderDocument, { input: orderInput() });
    expect(errors).toBeUndefined();
    const [row] = await api.db.query<{ customer_id: string; source: string }>('select customer_id, source from customer_order where id = $1', [data!.placeOrder!.id]);
    expect(row).toEqual({ customer_id: newcomer.id, source: 'WEBSHOP_ORDER' });
  });

  it('takes no totals from the client: an order carrying its own total is refused before anything is written', async () => {
    const before = await rowCounts();
    const result = await api
      .as(customerPrincipal(shopper.id))
      .raw('mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', { input: { ...orderInput(), totalCents: 1 } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('who may place an order for whom', () => {
  it('a customer cannot place an order for another customer: NOT_FOUND on input.customerId, nothing written', async () => {
    const other = seeded[1];
    const before = await rowCounts();
    const activity = await lastActivity(other.id);
    const result = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput({ customerId: other.id }) });
    expectRefusal(result, 'NOT_FOUND', 'input.customerId');
    expect(result.data?.placeOrder ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
    expect(await lastActivity(other.id)).toBe(activity);
  });

  it('a customer cannot claim another source than WEBSHOP_ORDER', async () => {
    const before = await rowCounts();
    const result = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput({ source: 'PHONE' }) });
    expectRefusal(result, 'BAD_USER_INPUT', 'input.source');
    expect(await rowCounts()).toEqual(before);
  });

  it('customer service places an order told on the phone: source PHONE, history by the staff member (§6.1)', async () => {
    const customer = seeded[2];
    const { data, errors } = await api.as(customerService).request(AdminPlaceOrderDocument, {
      input: orderInput({ customerId: customer.id, source: 'PHONE' }),
    });
    expect(errors).toBeUndefined();
    expect(data!.placeOrder).toMatchObject({ status: 'PLACED', source: 'PHONE', totalCents: expectedSubtotal(LINES) + 590 });
    const [row] = await api.db.query<{ customer_id: string; source: string }>('select customer_id, source from customer_order where id = $1', [data!.placeOrder!.id]);
    expect(row).toEqual({ customer_id: customer.id, source: 'PHONE' });
    const history = await api.db.query<{ kind: string; actor_kind: string; actor_id: string }>('select kind, actor_kind, actor_id from order_change where order_id = $1', [
      data!.placeOrder!.id,
    ]);
    expect(history).toEqual([{ kind: 'PLACED', actor_kind: 'STAFF', actor_id: staffIdOf(customerService) }]);
  });

  it('customer service may place a guest order without a customer', async () => {
    const { data, errors } = await api.as(customerService).request(AdminPlaceOrderDocument, { input: orderInput({ source: 'EMAIL' }) });
    expect(errors).toBeUndefined();
    const [row] = await api.db.query<{ customer_id: string | null; source: string }>('select customer_id, source from customer_order where id = $1', [data!.placeOrder!.id]);
    expect(row).toEqual({ customer_id: null, source: 'EMAIL' });
  });

  it.each([
    ['an anonymous caller', null, 'UNAUTHENTICATED'],
    ['marketing', staffPrincipal('MARKETING'), 'FORBIDDEN'],
    ['accounting', staffPrincipal('ACCOUNTING'), 'FORBIDDEN'],
  ] as const)('%s may not place orders', async (_who, principal, code) => {
    const before = await rowCounts();
    const client = principal ? api.as(principal) : api.anonymous;
    const result = await client.request(AdminPlaceOrderDocument, { input: orderInput({ customerId: shopper.id }) });
    expectRefusal(result, code);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('placeOrder: bad input changes nothing', () => {
  const line = (overrides: Partial<OrderLineInput>): OrderLineInput => ({ ...LINES[0], ...overrides });

  it.each<[string, Partial<PlaceOrderInput>, string]>([
    ['a zero quantity', { lines: [line({ quantity: 0 })] }, 'input.lines.0.quantity'],
    ['a negative quantity on the second line', { lines: [LINES[0], { ...LINES[1], quantity: -1 }] }, 'input.lines.1.quantity'],
    ['a negative unit price', { lines: [line({ unitPriceCents: -100 })] }, 'input.lines.0.unitPriceCents'],
    ['no lines', { lines: [] }, 'input.lines'],
    ['the same product twice', { lines: [LINES[0], LINES[1], line({ quantity: 5 })] }, 'input.lines.2.productCode'],
    ['an empty product code', { lines: [line({ productCode: ' ' })] }, 'input.lines.0.productCode'],
    ['a currency that is not ISO 4217', { currency: 'EURO' }, 'input.currency'],
    ['a currency with digits', { currency: 'E1R' }, 'input.currency'],
    ['a negative shipping charge', { shippingCents: -1 }, 'input.shippingCents'],
    ['an empty billing name', { billing: { ...BILLING, name: '' } }, 'input.billing.name'],
    ['an invalid billing e-mail', { billing: { ...BILLING, email: 'maija@' } }, 'input.billing.email'],
    ['a billing phone that is not a phone number', { billing: { ...BILLING, phone: '12' } }, 'input.billing.phone'],
    ['a bad billing country code', { billing: { ...BILLING, countryCode: 'FIN' } }, 'input.billing.countryCode'],
    ['a bad delivery postal code', { delivery: { ...BILLING, postalCode: '' } }, 'input.delivery.postalCode'],
    ['a card number in the billing name (§9.5)', { billing: { ...BILLING, name: 'Maija 4111 1111 1111 1111' } }, 'input.billing.name'],
    ['a card number in the delivery address (§9.5)', { delivery: { ...BILLING, line2: 'kortti 5555-5555-5555-4444' } }, 'input.delivery.line2'],
    ['a card number as a product name (§9.5)', { lines: [line({ productName: '4111111111111111' })] }, 'input.lines.0.productName'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_case, overrides, field) => {
    const before = await rowCounts();
    const activity = await lastActivity(shopper.id);
    const result = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput(overrides) });
    expectRefusal(result, 'BAD_USER_INPUT', field);
    expect(result.data?.placeOrder ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
    expect(await lastActivity(shopper.id)).toBe(activity);
  });

  it.each([
    ['6f1c2f0e-2b1a-4c1d-9e55-3a7a1d0b9c11', 'NOT_FOUND'],
    ['not-a-uuid', 'BAD_USER_INPUT'],
  ])('refuses an unknown customerId (%s) from staff with %s on input.customerId', async (customerId, code) => {
    const before = await rowCounts();
    const result = await api.as(customerService).request(AdminPlaceOrderDocument, { input: orderInput({ customerId, source: 'PHONE' }) });
    // A malformed id is refused before any SQL (issue 10); a well-formed unknown one is simply not found.
    expectRefusal(result, code, 'input.customerId');
    expect(await rowCounts()).toEqual(before);
  });

  /*
   * BUG (src/modules/orders/orders.service.ts placeOrder): amounts are only
   * checked per line, but the money columns are 32-bit integers. A total that
   * does not fit fails in PostgreSQL ("integer out of range"): the client gets
   * a masked INTERNAL_SERVER_ERROR instead of a BAD_USER_INPUT naming the
   * field, and the customer's last_activity_at has already been moved by a
   * nativeUpdate that runs outside the flush's transaction.
   */
  it('refuses an order whose total does not fit the money columns with BAD_USER_INPUT, leaving the customer untouched', async () => {
    const before = await rowCounts();
    const activity = await lastActivity(shopper.id);
    const result = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, {
      input: orderInput({ lines: [line({ quantity: 1000, unitPriceCents: 5_000_000 })] }),
    });
    expect(await rowCounts()).toEqual(before);
    expect(await lastActivity(shopper.id)).toBe(activity);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toMatch(/^input\.lines/);
  });
});

describe('changeOrder by customer service: every change in the history (§4.1)', () => {
  const staff = customerService;

  it('changes a quantity: LINE_QUANTITY_CHANGED from → to, by whom, with the note, and recomputes the totals', async () => {
    const id = await placeFresh();
    const { data, errors } = await change({ orderId: id, lines: [{ productCode: 'KUPPI-01', quantity: 5 }], note: 'asiakas soitti' });
    expect(errors).toBeUndefined();
    const order = data!.changeOrder!;
    const subtotal = 5 * 1250 + 990;
    expect(order).toMatchObject({ status: 'PLACED', subtotalCents: subtotal, totalCents: subtotal + 590 });
    expect(order.lines).toEqual([
      { lineNo: 1, productCode: 'KUPPI-01', quantity: 5 },
      { lineNo: 2, productCode: 'LAUTANEN-02', quantity: 1 },
    ]);
    expect(order.changes).toHaveLength(2);
    expect(order.changes![1]).toMatchObject({
      kind: 'LINE_QUANTITY_CHANGED',
      actorKind: 'STAFF',
      actorId: staffIdOf(staff),
      productCode: 'KUPPI-01',
      fromQuantity: 2,
      toQuantity: 5,
      fromStatus: null,
      toStatus: null,
      note: 'asiakas soitti',
    });
    expect(order.changes![1].changedAt).toEqual(expect.any(String));
    expect(new Date(order.changes![1].changedAt!).getTime()).toBeGreaterThanOrEqual(new Date(order.changes![0].changedAt!).getTime());
    const [row] = await api.db.query<{ subtotal_cents: number; total_cents: number }>('select subtotal_cents, total_cents from customer_order where id = $1', [id]);
    expect(row).toEqual({ subtotal_cents: subtotal, total_cents: subtotal + 590 });
  });

  it('removes a line: LINE_REMOVED with the quantity it had, and the line is gone', async () => {
    const id = await placeFresh();
    const { data, errors } = await change({ orderId: id, lines: [{ productCode: 'LAUTANEN-02', quantity: 0 }] });
    expect(errors).toBeUndefined();
    expect(data!.changeOrder!.lines).toEqual([{ lineNo: 1, productCode: 'KUPPI-01', quantity: 2 }]);
    expect(data!.changeOrder).toMatchObject({ subtotalCents: 2500, totalCents: 2500 + 590 });
    expect(data!.changeOrder!.changes!.at(-1)).toMatchObject({
      kind: 'LINE_REMOVED',
      actorKind: 'STAFF',
      actorId: staffIdOf(staff),
      productCode: 'LAUTANEN-02',
      fromQuantity: 1,
      toQuantity: null,
      note: null,
    });
    expect(await api.db.query('select 1 from order_line where order_id = $1 and product_code = $2', [id, 'LAUTANEN-02'])).toHaveLength(0);
  });

  it('adds a product: LINE_ADDED with the new quantity, on a new line number', async () => {
    const id = await placeFresh();
    const { data, errors } = await change({
      orderId: id,
      lines: [{ productCode: 'KANNU-03', productName: 'Kahvikannu', quantity: 2, unitPriceCents: 3490 }],
      note: 'lisätilaus',
    });
    expect(errors).toBeUndefined();
    expect(data!.changeOrder!.lines).toEqual([
      { lineNo: 1, productCode: 'KUPPI-01', quantity: 2 },
      { lineNo: 2, productCode: 'LAUTANEN-02', quantity: 1 },
      { lineNo: 3, productCode: 'KANNU-03', quantity: 2 },
    ]);
    const subtotal = expectedSubtotal(LINES) + 2 * 3490;
    expect(data!.changeOrder).toMatchObject({ subtotalCents: subtotal, totalCents: subtotal + 590 });
    expect(data!.changeOrder!.changes!.at(-1)).toMatchObject({
      kind: 'LINE_ADDED',
      actorKind: 'STAFF',
      actorId: staffIdOf(staff),
      productCode: 'KANNU-03',
      fromQuantity: null,
      toQuantity: 2,
      note: 'lisätilaus',
    });
    const [line] = await api.db.query('select product_name, unit_price_cents, quantity from order_line where order_id = $1 and product_code = $2', [id, 'KANNU-03']);
    expect(line).toEqual({ product_name: 'Kahvikannu', unit_price_cents: 3490, quantity: 2 });
  });

  /*
   * BUG (src/modules/orders/orders.service.ts applyOrderChange): a new line
   * gets max(lineNo of the lines still on the order) + 1. When the same change
   * first removes the highest-numbered line, the new line reuses its number,
   * and since the unit of work inserts before it deletes, the insert hits
   * order_line_order_line_no_unique: INTERNAL_SERVER_ERROR, nothing changed.
   */
  it('replaces a product in one change (remove the last line, add another)', async () => {
    const id = await placeFresh();
    const { data, errors } = await change({
      orderId: id,
      lines: [
        { productCode: 'LAUTANEN-02', quantity: 0 },
        { productCode: 'LAUTANEN-05', productName: 'Syvä lautanen', quantity: 1, unitPriceCents: 1090 },
      ],
      note: 'vaihto',
    });
    expect(errors).toBeUndefined();
    expect(data!.changeOrder!.lines!.map((l) => [l.productCode, l.quantity])).toEqual([
      ['KUPPI-01', 2],
      ['LAUTANEN-05', 1],
    ]);
    expect(data!.changeOrder).toMatchObject({ subtotalCents: 2500 + 1090, totalCents: 2500 + 1090 + 590 });
    expect(data!.changeOrder!.changes!.map((c) => c.kind).sort()).toEqual(['LINE_ADDED', 'LINE_REMOVED', 'PLACED']);
  });

  it('changes status along PLACED → PAID → SHIPPED → DELIVERED, each a STATUS_CHANGED entry from → to', async () => {
    const id = await placeFresh();
    const steps = [
      ['PLACED', 'PAID'],
      ['PAID', 'SHIPPED'],
      ['SHIPPED', 'DELIVERED'],
    ] as const;
    for (const [from, to] of steps) {
      const { data, errors } = await change({ orderId: id, status: to, note: `tila ${to}` });
      expect(errors).toBeUndefined();
      expect(data!.changeOrder!.status).toBe(to);
      expect(data!.changeOrder!.changes!.at(-1)).toMatchObject({
        kind: 'STATUS_CHANGED',
        actorKind: 'STAFF',
        actorId: staffIdOf(staff),
        fromStatus: from,
        toStatus: to,
        productCode: null,
        note: `tila ${to}`,
      });
    }
    const history = await api.db.query<{ kind: string; detail: Record<string, unknown>; actor_id: string | null }>(
      'select kind, detail, actor_id from order_change where order_id = $1 order by changed_at, id',
      [id],
    );
    expect(history.map((h) => [h.kind, h.detail.fromStatus ?? null, h.detail.toStatus])).toEqual([
      ['PLACED', null, 'PLACED'],
      ['STATUS_CHANGED', 'PLACED', 'PAID'],
      ['STATUS_CHANGED', 'PAID', 'SHIPPED'],
      ['STATUS_CHANGED', 'SHIPPED', 'DELIVERED'],
    ]);
    // Totals do not move with the status.
    const [row] = await api.db.query<{ status: string; total_cents: number }>('select status, total_cents from customer_order where id = $1', [id]);
    expect(row).toEqual({ status: 'DELIVERED', total_cents: expectedSubtotal(LINES) + 590 });
  });

  it('changes lines and status together, writing an entry for each part', async () => {
    const id = await placeFresh();
    const { data, errors } = await change({ orderId: id, status: 'PAID', lines: [{ productCode: 'KUPPI-01', quantity: 1 }], note: 'maksettu' });
    expect(errors).toBeUndefined();
    expect(data!.changeOrder).toMatchObject({ status: 'PAID', subtotalCents: 1250 + 990 });
    const entries = data!
      .changeOrder!.changes!.slice(1)
      .map((c) => `${c.kind}:${c.note}`)
      .sort();
    expect(entries).toEqual(['LINE_QUANTITY_CHANGED:maksettu', 'STATUS_CHANGED:maksettu']);
  });

  it('writes no entry for a quantity that does not change', async () => {
    const id = await placeFresh();
    const before = await snapshot(id);
    const { errors } = await change({ orderId: id, lines: [{ productCode: 'KUPPI-01', quantity: 2 }] });
    expect(errors).toBeUndefined();
    expect((await snapshot(id)).changes).toEqual(before.changes);
  });

  it.each([
    ['PLACED', 'DELIVERED', []],
    ['PLACED', 'SHIPPED', []],
    ['PLACED', 'RETURNED', []],
    ['PAID', 'PLACED', ['PAID']],
    ['SHIPPED', 'CANCELLED', ['PAID', 'SHIPPED']],
    ['DELIVERED', 'SHIPPED', ['PAID', 'SHIPPED', 'DELIVERED']],
  ] as const)('refuses the illegal transition %s → %s with ORDER_STATUS_TRANSITION on input.status, changing nothing', async (_from, to, path) => {
    const id = await placeFresh();
    await moveTo(id, ...path);
    const before = await snapshot(id);
    const result = await change({ orderId: id, status: to });
    expectRefusal(result, 'ORDER_STATUS_TRANSITION', 'input.status');
    expect(result.data?.changeOrder ?? null).toBeNull();
    expect(await snapshot(id)).toEqual(before);
  });

  it.each(['PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'RETURNED'] as const)('a CANCELLED order is final: → %s is refused', async (to) => {
    const id = await placeFresh();
    await moveTo(id, 'CANCELLED');
    const before = await snapshot(id);
    const result = await change({ orderId: id, status: to });
    expectRefusal(result, 'ORDER_STATUS_TRANSITION', 'input.status');
    expect(await snapshot(id)).toEqual(before);
  });

  it.each([
    ['SHIPPED', ['PAID', 'SHIPPED']],
    ['DELIVERED', ['PAID', 'SHIPPED', 'DELIVERED']],
    ['CANCELLED', ['CANCELLED']],
  ] as const)('refuses line changes on a %s order with ORDER_NOT_EDITABLE on input.lines', async (_status, path) => {
    const id = await placeFresh();
    await moveTo(id, ...path);
    const before = await snapshot(id);
    const result = await change({ orderId: id, lines: [{ productCode: 'KUPPI-01', quantity: 3 }] });
    expectRefusal(result, 'ORDER_NOT_EDITABLE', 'input.lines');
    expect(await snapshot(id)).toEqual(before);
  });

  it('accepts line changes on a PAID order', async () => {
    const id = await placeFresh();
    await moveTo(id, 'PAID');
    const { data, errors } = await change({ orderId: id, lines: [{ productCode: 'LAUTANEN-02', quantity: 4 }] });
    expect(errors).toBeUndefined();
    expect(data!.changeOrder).toMatchObject({ status: 'PAID', subtotalCents: 2500 + 4 * 990 });
  });

  it.each([
    ['the only line', [LINES[0]], [{ productCode: 'KUPPI-01', quantity: 0 }]],
    [
      'every line at once',
      LINES,
      [
        { productCode: 'KUPPI-01', quantity: 0 },
        { productCode: 'LAUTANEN-02', quantity: 0 },
      ],
    ],
  ])('refuses removing %s: an order keeps at least one line (cancel it instead)', async (_case, lines, changes) => {
    const id = await placeFresh(lines);
    const before = await snapshot(id);
    const result = await change({ orderId: id, lines: changes });
    expectRefusal(result, 'BAD_USER_INPUT', 'input.lines');
    expect(await snapshot(id)).toEqual(before);
  });

  it.each<[string, ChangeOrderInput['lines'], ChangeOrderInput['status'], string, string]>([
    [
      'a negative quantity',
      [
        { productCode: 'KUPPI-01', quantity: 4 },
        { productCode: 'LAUTANEN-02', quantity: -1 },
      ],
      null,
      'BAD_USER_INPUT',
      'input.lines.1.quantity',
    ],
    [
      'a quantity over the limit',
      [
        { productCode: 'KUPPI-01', quantity: 4 },
        { productCode: 'LAUTANEN-02', quantity: 2_000_000 },
      ],
      null,
      'BAD_USER_INPUT',
      'input.lines.1.quantity',
    ],
    [
      'a new product without a price',
      [
        { productCode: 'KUPPI-01', quantity: 0 },
        { productCode: 'UUSI-09', quantity: 1, productName: 'Uusi' },
      ],
      null,
      'BAD_USER_INPUT',
      'input.lines.1.productName',
    ],
    [
      'a new product with a negative price',
      [
        { productCode: 'KUPPI-01', quantity: 4 },
        { productCode: 'UUSI-09', quantity: 1, productName: 'Uusi', unitPriceCents: -5 },
      ],
      null,
      'BAD_USER_INPUT',
      'input.lines.1.unitPriceCents',
    ],
    [
      'removing a product not on the order',
      [
        { productCode: 'LAUTANEN-02', quantity: 3 },
        { productCode: 'EI-OLE', quantity: 0 },
      ],
      null,
      'NOT_FOUND',
      'input.lines.1.productCode',
    ],
    [
      'the same product twice',
      [
        { productCode: 'KUPPI-01', quantity: 4 },
        { productCode: 'KUPPI-01', quantity: 5 },
      ],
      null,
      'BAD_USER_INPUT',
      'input.lines.1.productCode',
    ],
    [
      'valid line changes with an illegal status',
      [
        { productCode: 'KUPPI-01', quantity: 4 },
        { productCode: 'LAUTANEN-02', quantity: 0 },
      ],
      'DELIVERED',
      'ORDER_STATUS_TRANSITION',
      'input.status',
    ],
  ])('a change failing in the middle (%s) leaves the order, its lines and its history exactly as before', async (_case, lines, status, code, field) => {
    const id = await placeFresh();
    const before = await snapshot(id);
    const counts = await rowCounts();
    const result = await change({ orderId: id, lines, status, note: 'osittain virheellinen' });
    expectRefusal(result, code, field);
    expect(await snapshot(id)).toEqual(before);
    expect(await rowCounts()).toEqual(counts);
    // No lock or half state is left behind: a valid change goes through afterwards.
    const retry = await change({ orderId: id, status: 'PAID' });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.changeOrder!.lines).toEqual([
      { lineNo: 1, productCode: 'KUPPI-01', quantity: 2 },
      { lineNo: 2, productCode: 'LAUTANEN-02', quantity: 1 },
    ]);
  });

  it('refuses a change with neither status nor lines', async () => {
    const id = await placeFresh();
    const before = await snapshot(id);
    expectRefusal(await change({ orderId: id }), 'BAD_USER_INPUT', 'input');
    expect(await snapshot(id)).toEqual(before);
  });

  it.each([
    ['6f1c2f0e-2b1a-4c1d-9e55-3a7a1d0b9c11', 'NOT_FOUND'],
    ['not-a-uuid', 'BAD_USER_INPUT'],
  ])('answers %s → %s on input.orderId for an unknown order', async (orderId, code) => {
    const counts = await rowCounts();
    expectRefusal(await change({ orderId, status: 'PAID' }), code, 'input.orderId');
    expect(await rowCounts()).toEqual(counts);
  });

  it('refuses a card number in the note (§9.5)', async () => {
    const id = await placeFresh();
    const before = await snapshot(id);
    expectRefusal(await change({ orderId: id, status: 'PAID', note: 'maksettu kortilla 4111 1111 1111 1111' }), 'BAD_USER_INPUT', 'input.note');
    expect(await snapshot(id)).toEqual(before);
  });
});

describe('who sees and changes orders (§3.2, §7.4, §9.2)', () => {
  it('a customer cannot change an order, even their own: FORBIDDEN, nothing changed', async () => {
    const { data } = await api.as(customerPrincipal(shopper.id)).request(StorefrontPlaceOrderDocument, { input: orderInput() });
    const id = data!.placeOrder!.id;
    const before = await snapshot(id);
    for (const input of [
      { orderId: id, status: 'CANCELLED' as const },
      { orderId: id, lines: [{ productCode: 'KUPPI-01', quantity: 9 }] },
    ]) {
      const result = await change(input, customerPrincipal(shopper.id));
      expectRefusal(result, 'FORBIDDEN');
      expect(result.data?.changeOrder ?? null).toBeNull();
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it.each([
    ['marketing', 'MARKETING'],
    ['accounting', 'ACCOUNTING'],
  ] as const)('%s cannot change orders', async (_who, role) => {
    const id = await placeFresh();
    const before = await snapshot(id);
    expectRefusal(await change({ orderId: id, status: 'PAID' }, staffPrincipal(role)), 'FORBIDDEN');
    expect(await snapshot(id)).toEqual(before);
  });

  it('marketing cannot read orders: FORBIDDEN on order(id) and on orders', async () => {
    const marketing = api.as(staffPrincipal('MARKETING'));
    const one = await marketing.request(AdminOrderDocument, { id: seeded[0].orderIds[0] });
    expect(one.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(one.data?.order ?? null).toBeNull();
    const list = await marketing.request(BookkeepingOrdersDocument, { first: 10 });
    expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(list.data?.orders ?? null).toBeNull();
    expect(JSON.stringify([one, list])).not.toContain('Isokatu');
  });

  it('an anonymous caller gets UNAUTHENTICATED for order(id) and orders', async () => {
    expect((await api.anonymous.request(AdminOrderDocument, { id: seeded[0].orderIds[0] })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await api.anonymous.request(BookkeepingOrdersDocument, { first: 1 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accounting lists every order newest first with billing, page by page (§7.4 bookkeeping)', async () => {
    const accounting = api.as(staffPrincipal('ACCOUNTING'));
    const seen: { id: string; placedAt: string; billingName: string | null; totalCents: number | null; lineTotal: number }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result: GraphQLResult<BookkeepingOrdersQuery> = await accounting.request(BookkeepingOrdersDocument, { first: 4, after });
      expect(result.errors).toBeUndefined();
      const connection = result.data!.orders!;
      for (const node of connection.edges.map((e) => e.node)) {
        expect(node.billing).toEqual(expect.objectContaining({ name: expect.any(String), line1: expect.any(String), postalCode: expect.any(String), city: expect.any(String) }));
        seen.push({
          id: node.id,
          placedAt: node.placedAt!,
          billingName: node.billing!.name,
          totalCents: node.totalCents,
          lineTotal: node.lines!.reduce((sum, l) => sum + l.totalCents!, 0) + node.shippingCents!,
        });
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const expected = await api.db.query<{ id: string }>('select id from customer_order order by placed_at desc, id desc');
    expect(seen.map((s) => s.id)).toEqual(expected.map((r) => r.id));
    const times = seen.map((s) => new Date(s.placedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Totals agree with the lines on every order.
    for (const order of seen) expect(order.totalCents).toBe(order.lineTotal);
  });

  it("a customer's orders query lists only their own orders, and another's order is NOT_FOUND", async () => {
    const me = seeded[1];
    const client = api.as(customerPrincipal(me.id));
    const result = await client.raw<{ orders: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      '{ orders(first: 100) { edges { node { id orderNumber } } pageInfo { hasNextPage } } }',
    );
    expect(result.errors).toBeUndefined();
    const own = await api.db.query<{ id: string }>('select id from customer_order where customer_id = $1 order by placed_at desc, id desc', [me.id]);
    expect(own.length).toBeGreaterThan(0);
    expect(result.data!.orders.edges.map(({ node }) => node.id)).toEqual(own.map((r) => r.id));

    const foreign = await client.request(AdminOrderDocument, { id: seeded[2].orderIds[0] });
    const missing = await client.request(AdminOrderDocument, { id: '6f1c2f0e-2b1a-4c1d-9e55-3a7a1d0b9c11' });
    expectRefusal(foreign, 'NOT_FOUND', 'id');
    expect(foreign.errors![0]).toEqual(missing.errors![0]);
  });
});

describe('erasing a customer keeps the bookkeeping (§8.7, §8.9)', () => {
  it('DELETE FROM customer leaves their orders with customer_id NULL and the lines, history and billing intact', async () => {
    const leaver = await registerCustomer('leaver');
    const { data } = await api.as(customerPrincipal(leaver.id)).request(StorefrontPlaceOrderDocument, { input: orderInput() });
    const id = data!.placeOrder!.id;
    await change({ orderId: id, status: 'PAID' });
    const before = await snapshot(id);

    await api.db.query('delete from customer where id = $1', [leaver.id]);

    const after = await snapshot(id);
    expect(after.order).toEqual({ ...before.order, customer_id: null });
    expect(after.lines).toEqual(before.lines);
    expect(after.changes).toEqual(before.changes);
    expect(await api.db.query('select 1 from customer where id = $1', [leaver.id])).toHaveLength(0);

    // Accounting still reads the order with its billing details.
    const read = await api.as(staffPrincipal('ACCOUNTING')).request(AdminOrderDocument, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.order).toMatchObject({ id, status: 'PAID', totalCents: expectedSubtotal(LINES) + 590, billing: { name: 'Maija Meikäläinen', line1: 'Isokatu 25' } });
    expect(read.data!.order!.lines).toHaveLength(2);

    // The erased customer's principal no longer reaches it.
    const gone = await api.as(customerPrincipal(leaver.id)).request(AdminOrderDocument, { id });
    expectRefusal(gone, 'NOT_FOUND', 'id');
  });
});
