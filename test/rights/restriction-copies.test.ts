import { RestrictMyProcessingDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import {
  codesOf,
  dataOf,
  handToCourier,
  partnerWithToken,
  pathsWithCode,
  placeShopOrder,
  registerShopper,
  staffMember,
  type PartnerWithToken,
  type ShopOrder,
  type Shopper,
  type StaffMember,
} from './consent-scenarios';

/*
 * §8.11 (GDPR Art 18): a restriction covers every copy of the restricted
 * data, not only the profile. placeOrder copies the customer's name, e-mail,
 * phone and address onto the order (billing, delivery), and the courier
 * receives the delivery copy (§7.4); after a restriction those copies answer
 * RESTRICTED for every staff role and partner token that reaches them. The
 * privacy officer keeps reading them (Art 18(2) legal claims, named in
 * restrictions.read-policy.ts), and the customer sees their own data.
 *
 * §3.2, §8.10: marketing reaches only the contact field of a channel the
 * customer permitted: the e-mail with e-mail marketing consent, the phone with
 * SMS consent.
 */

let api: TestApi;
let admin: StaffMember;
let customerService: StaffMember;
let accounting: StaffMember;
let privacyOfficer: StaffMember;
let marketing: StaffMember;
let courier: PartnerWithToken;
let bookkeeper: PartnerWithToken;

beforeAll(async () => {
  api = await startTestApi();
  admin = staffMember(api, 'ADMIN');
  customerService = staffMember(api, 'CUSTOMER_SERVICE');
  accounting = staffMember(api, 'ACCOUNTING');
  privacyOfficer = staffMember(api, 'PRIVACY_OFFICER');
  marketing = staffMember(api, 'MARKETING');
  courier = await partnerWithToken(api, admin, 'LOGISTICS');
  bookkeeper = await partnerWithToken(api, admin, 'ACCOUNTING');
}, 60_000);
afterAll(() => api.close());

const ORDER_AS_STAFF = `query OrderCopies($id: ID!) { order(id: $id) { orderNumber totalCents
  billing { name email phone line1 postalCode city countryCode }
  delivery { name email phone line1 postalCode city countryCode } } }`;
type Party = Record<string, string | null>;
type OrderCopies = { order: { orderNumber: string; totalCents: number; billing: Party | null; delivery: Party | null } | null };

const BOOKKEEPING = `query Books { orders(first: 200) { edges { node { id orderNumber totalCents billing { name line1 postalCode city countryCode } } } } }`;
type Books = { orders: { edges: { node: { id: string; orderNumber: string; totalCents: number; billing: Party | null } }[] } | null };

const DELIVERIES = `query Deliveries { deliveryOrders(first: 200, openOnly: true) { edges { node { id orderNumber recipientName line1 postalCode city countryCode phone } } } }`;
type Deliveries = { deliveryOrders: { edges: { node: { id: string; orderNumber: string; recipientName: string | null; line1: string | null; phone: string | null } }[] } | null };

/** What the customer gave, which no one but the exceptions may receive from the copies after the restriction. */
/** RESTRICTED paths under one list item (other customers' orders may be restricted too). */
function restrictedUnder(result: Parameters<typeof pathsWithCode>[0], prefix: string): string[] {
  return pathsWithCode(result, 'RESTRICTED').filter((p) => p.startsWith(prefix));
}

function personalValues(shopper: Shopper, order: ShopOrder): string[] {
  return [shopper.email, shopper.phone, 'Isokatu 25', `Toimituskatu ${order.orderNumber.slice(-6)}`];
}

async function restrict(shopper: Shopper, fields: string[] | null): Promise<void> {
  dataOf(await shopper.client.request(RestrictMyProcessingDocument, { input: { fields, reason: 'Tiedot ovat kiistanalaisia' } }), 'restrictMyProcessing');
}

describe('§8.11 a field restriction (e-mail, phone, addresses) reaches the copies on orders and delivery orders', () => {
  let shopper: Shopper;
  let order: ShopOrder;

  beforeAll(async () => {
    shopper = await registerShopper(api, { firstName: 'Sámi', lastName: 'Áŋŋá-Äijälä' });
    order = await placeShopOrder(shopper, 'A1B2C3');
    await handToCourier(customerService, courier, order);
    await restrict(shopper, ['email', 'phone', 'addresses']);
  });

  it('CUSTOMER_SERVICE and ACCOUNTING get RESTRICTED at every billing and delivery copy of e-mail, phone and address; the name and totals still arrive', async () => {
    for (const staff of [customerService, accounting]) {
      const result = await staff.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
      // The delivery country stays: it alone identifies nobody and decides the VAT of the sale (the map's note).
      const copies = ['email', 'phone', 'line1', 'postalCode', 'city'];
      expect(pathsWithCode(result, 'RESTRICTED')).toEqual(
        [...copies.map((f) => `order.billing.${f}`), 'order.billing.countryCode', ...copies.map((f) => `order.delivery.${f}`)].sort(),
      );
      expect(result.data!.order!.delivery!.countryCode).toBe('FI');
      expect(codesOf(result).every((code) => code === 'RESTRICTED')).toBe(true);
      expect(result.data!.order).toMatchObject({
        orderNumber: order.orderNumber,
        totalCents: 1280,
        billing: { name: `${shopper.firstName} ${shopper.lastName}`, email: null, phone: null, line1: null, city: null },
        delivery: { name: `${shopper.firstName} ${shopper.lastName}`, phone: null, line1: null },
      });
      const sent = JSON.stringify(result.data);
      for (const value of personalValues(shopper, order)) expect(sent).not.toContain(value);
    }
  });

  it('the same copies answer RESTRICTED on the admin list, where orders and lines come inside the customer statement (one SELECT, only the selected columns)', async () => {
    const LIST = `query CustomerOrders($email: String!) { customers(first: 5, filter: { email: $email }) { nodes { id email
      orders { orderNumber billing { name email phone city } delivery { phone line1 } lines { productCode quantity } } } } }`;
    type List = {
      customers: {
        nodes: { id: string; email: string | null; orders: { orderNumber: string; billing: Party | null; delivery: Party | null; lines: { productCode: string }[] }[] | null }[];
      };
    };
    // Customer service is the role that lists customers with their orders (ADMIN never reaches orders).
    for (const staff of [customerService]) {
      const result = await staff.client.raw<List>(LIST, { email: shopper.email });
      const [node] = result.data!.customers.nodes;
      expect(node.orders!.map((o) => o.orderNumber)).toEqual([order.orderNumber]);
      expect(pathsWithCode(result, 'RESTRICTED')).toEqual(
        [
          'customers.nodes.0.email',
          ...['email', 'phone', 'city'].map((f) => `customers.nodes.0.orders.0.billing.${f}`),
          'customers.nodes.0.orders.0.delivery.line1',
          'customers.nodes.0.orders.0.delivery.phone',
        ].sort(),
      );
      expect(node.orders![0]).toMatchObject({
        billing: { name: `${shopper.firstName} ${shopper.lastName}`, email: null, phone: null, city: null },
        lines: [{ productCode: 'SKU-A1B2C3', quantity: 1 }],
      });
      const sent = JSON.stringify(result.data);
      for (const value of personalValues(shopper, order)) expect(sent).not.toContain(value);
    }
  });

  it('the accounting token gets RESTRICTED at the billing address; the name and totals still arrive (§7.4 bookkeeping)', async () => {
    const result = await bookkeeper.client.raw<Books>(BOOKKEEPING);
    const index = result.data!.orders!.edges.findIndex(({ node: n }) => n.id === order.id);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(restrictedUnder(result, `orders.edges.${index}.node.`)).toEqual(
      ['line1', 'postalCode', 'city', 'countryCode'].map((f) => `orders.edges.${index}.node.billing.${f}`).sort(),
    );
    expect(result.data!.orders!.edges[index].node).toMatchObject({ totalCents: 1280, billing: { name: `${shopper.firstName} ${shopper.lastName}`, line1: null, city: null } });
  });

  it('the logistics token gets RESTRICTED at the delivery address and phone of the delivery order; the recipient name still arrives', async () => {
    const result = await courier.client.raw<Deliveries>(DELIVERIES);
    const index = result.data!.deliveryOrders!.edges.findIndex(({ node: n }) => n.id === order.id);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(restrictedUnder(result, `deliveryOrders.edges.${index}.node.`)).toEqual(
      ['line1', 'postalCode', 'city', 'phone'].map((f) => `deliveryOrders.edges.${index}.node.${f}`).sort(),
    );
    expect(result.data!.deliveryOrders!.edges[index].node).toMatchObject({ recipientName: `${shopper.firstName} ${shopper.lastName}`, line1: null, phone: null });
    const sent = JSON.stringify(result.data!.deliveryOrders!.edges[index].node);
    for (const value of personalValues(shopper, order)) expect(sent).not.toContain(value);
  });

  it('MARKETING and ADMIN never reach orders (FORBIDDEN, as before the restriction)', async () => {
    for (const staff of [marketing, admin]) {
      const result = await staff.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
      expect(result.data?.order ?? null).toBeNull();
      expect(codesOf(result)).toEqual(['FORBIDDEN']);
    }
  });

  it('Art 18(2): the PRIVACY_OFFICER still reads every copy, and the customer sees their own order', async () => {
    const po = await privacyOfficer.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
    expect(codesOf(po)).toEqual([]);
    expect(po.data!.order!.billing).toMatchObject({ email: shopper.email, phone: shopper.phone, line1: 'Isokatu 25' });
    const mine = await shopper.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
    expect(codesOf(mine)).toEqual([]);
    expect(mine.data!.order!.delivery).toMatchObject({ phone: shopper.phone, line1: 'Toimituskatu A1B2C3' });
  });

  it('§9.2 the audit does not record the withheld delivery fields as disclosed to the courier', async () => {
    const [read] = await api.db.query<{ fields: string[] }>(
      `select fields from audit_entry where customer_id = $1 and action = 'READ' and principal_id = $2 order by id desc limit 1`,
      [shopper.customerId, courier.id],
    );
    expect(read.fields).toEqual(expect.arrayContaining(['DeliveryOrder.orderNumber', 'DeliveryOrder.recipientName']));
    expect(read.fields).not.toContain('DeliveryOrder.phone');
    expect(read.fields).not.toContain('DeliveryOrder.line1');
  });
});

describe('§8.11 a name restriction reaches the billing, delivery and recipient names', () => {
  let secondCourier: PartnerWithToken;
  let shopper: Shopper;
  let order: ShopOrder;

  beforeAll(async () => {
    shopper = await registerShopper(api, { firstName: 'Åsa', lastName: 'Åström' });
    order = await placeShopOrder(shopper, 'D4E5F6');
    // A courier of its own: the shared one already carries the restricted order above.
    secondCourier = await partnerWithToken(api, admin, 'LOGISTICS');
    await handToCourier(customerService, secondCourier, order);
    await restrict(shopper, ['lastName']);
  });

  it('CUSTOMER_SERVICE, ACCOUNTING, the accounting token and the courier get RESTRICTED at every name copy; addresses still arrive', async () => {
    for (const staff of [customerService, accounting]) {
      const result = await staff.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
      expect(pathsWithCode(result, 'RESTRICTED')).toEqual(['order.billing.name', 'order.delivery.name']);
      expect(result.data!.order!.billing).toMatchObject({ name: null, line1: 'Isokatu 25' });
      expect(JSON.stringify(result.data)).not.toContain('Åström');
    }
    const books = await bookkeeper.client.raw<Books>(BOOKKEEPING);
    const b = books.data!.orders!.edges.findIndex(({ node: n }) => n.id === order.id);
    expect(restrictedUnder(books, `orders.edges.${b}.node.`)).toEqual([`orders.edges.${b}.node.billing.name`]);
    const deliveries = await secondCourier.client.raw<Deliveries>(DELIVERIES);
    const d = deliveries.data!.deliveryOrders!.edges.findIndex(({ node: n }) => n.id === order.id);
    expect(restrictedUnder(deliveries, `deliveryOrders.edges.${d}.node.`)).toEqual([`deliveryOrders.edges.${d}.node.recipientName`]);
    expect(deliveries.data!.deliveryOrders!.edges[d].node).toMatchObject({ recipientName: null, line1: 'Toimituskatu D4E5F6', phone: shopper.phone });
  });
});

describe('§8.8 §8.11 a whole restriction: ACCOUNTING keeps the books but no longer reads billing name, address, e-mail or phone', () => {
  let shopper: Shopper;
  let order: ShopOrder;

  beforeAll(async () => {
    shopper = await registerShopper(api, { firstName: 'Väinö', lastName: 'Äijälä' });
    order = await placeShopOrder(shopper, 'G7H8I9');
    await restrict(shopper, null);
  });

  it('ACCOUNTING reads the order number and totals, and RESTRICTED at every billing and delivery copy', async () => {
    const result = await accounting.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
    const party = ['name', 'email', 'phone', 'line1', 'postalCode', 'city'];
    expect(pathsWithCode(result, 'RESTRICTED')).toEqual(
      [...party.map((f) => `order.billing.${f}`), 'order.billing.countryCode', ...party.map((f) => `order.delivery.${f}`)].sort(),
    );
    expect(result.data!.order).toMatchObject({ orderNumber: order.orderNumber, totalCents: 1280 });
    const sent = JSON.stringify(result.data);
    for (const value of [...personalValues(shopper, order), 'Väinö', 'Äijälä']) expect(sent).not.toContain(value);
  });

  it('CUSTOMER_SERVICE, the accounting token and the courier do not receive the order at all (as before); the PRIVACY_OFFICER reads it whole', async () => {
    expect(codesOf(await customerService.client.raw(ORDER_AS_STAFF, { id: order.id }))).toEqual(['NOT_FOUND']);
    const books = await bookkeeper.client.raw<Books>(BOOKKEEPING);
    expect(books.data!.orders!.edges.map(({ node: n }) => n.id)).not.toContain(order.id);
    const po = await privacyOfficer.client.raw<OrderCopies>(ORDER_AS_STAFF, { id: order.id });
    expect(codesOf(po)).toEqual([]);
    expect(po.data!.order!.billing).toMatchObject({ name: `${shopper.firstName} ${shopper.lastName}`, email: shopper.email });
  });
});

describe('§3.2 §8.10 marketing reaches only the contact field of a permitted channel', () => {
  const PROFILE = `query Contact($id: ID!) { customer(id: $id) { id firstName email phone } }`;
  type Contact = { customer: { id: string; firstName: string | null; email: string | null; phone: string | null } | null };

  it('SMS-only consent: MARKETING receives the phone, not the e-mail (FORBIDDEN at customer.email)', async () => {
    const shopper = await registerShopper(api, { consents: ['SMS_MARKETING'] });
    const result = await marketing.client.raw<Contact>(PROFILE, { id: shopper.customerId });
    expect(pathsWithCode(result, 'FORBIDDEN')).toEqual(['customer.email']);
    expect(result.data!.customer).toEqual({ id: shopper.customerId, firstName: shopper.firstName, email: null, phone: shopper.phone });
    expect(JSON.stringify(result.data)).not.toContain(shopper.email);
    // Customer service serves the customer, not a campaign: both fields.
    const cs = await customerService.client.raw<Contact>(PROFILE, { id: shopper.customerId });
    expect(codesOf(cs)).toEqual([]);
    expect(cs.data!.customer).toMatchObject({ email: shopper.email, phone: shopper.phone });
  });

  it('e-mail-only consent: MARKETING receives the e-mail, not the phone (FORBIDDEN at customer.phone)', async () => {
    const shopper = await registerShopper(api, { consents: ['EMAIL_MARKETING'] });
    const result = await marketing.client.raw<Contact>(PROFILE, { id: shopper.customerId });
    expect(pathsWithCode(result, 'FORBIDDEN')).toEqual(['customer.phone']);
    expect(result.data!.customer).toEqual({ id: shopper.customerId, firstName: shopper.firstName, email: shopper.email, phone: null });
    expect(JSON.stringify(result.data)).not.toContain(shopper.phone);
  });

  it('both channels: MARKETING receives both; the audit records only what was sent', async () => {
    const both = await registerShopper(api, { consents: ['EMAIL_MARKETING', 'SMS_MARKETING'] });
    const result = await marketing.client.raw<Contact>(PROFILE, { id: both.customerId });
    expect(codesOf(result)).toEqual([]);
    expect(result.data!.customer).toMatchObject({ email: both.email, phone: both.phone });

    const smsOnly = await registerShopper(api, { consents: ['SMS_MARKETING'] });
    await marketing.client.raw<Contact>(PROFILE, { id: smsOnly.customerId });
    const [read] = await api.db.query<{ fields: string[] }>(
      `select fields from audit_entry where customer_id = $1 and action = 'READ' and principal_id = $2 order by id desc limit 1`,
      [smsOnly.customerId, marketing.id],
    );
    expect([...read.fields].sort()).toEqual(['Customer.firstName', 'Customer.id', 'Customer.phone']);
  });
});
