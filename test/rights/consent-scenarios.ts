import { randomBytes } from 'node:crypto';
import type { StaffRole } from '../../src/core/auth/principal';
import {
  AdminCustomersDocument,
  AssignDeliveryDocument,
  BookkeepingOrdersDocument,
  DeliveryOrdersDocument,
  IssuePartnerTokenDocument,
  PartnerNoticesDocument,
  RecordPrivacyRequestDocument,
  RegisterCustomerDocument,
  RegisterPartnerDocument,
  StorefrontPlaceOrderDocument,
  VerifyPrivacyRequestDocument,
  type AdminCustomersQuery,
  type PartnerNoticesQuery,
  type PartnerScope,
  type PrivacyRequestType,
  type RegisterCustomerInput,
  type RequestChannel,
} from '../generated/graphql';
import type { GraphQLClient, GraphQLErrorShape, GraphQLResult, TestApi } from '../support/api';
import { nameTag, staffPrincipal } from '../support/scenarios';

/*
 * Named scenarios for the data-subject-rights suites (§8, §10, §4.4).
 * Customers sign up over HTTP and act with their REAL session token; staff
 * act through the harness's test principal (their role is what matters
 * here, not their credentials); partners are registered by an ADMIN and act
 * with their REAL bearer token, so the audit of what they received — the
 * basis of every Art 19 notice — is the production path.
 */

/** Password of every customer these scenarios register (12+ characters). */
export const SHOPPER_PASSWORD = 'jasmiini-tee-ja-kakku-7';

let serial = 0;

/** An e-mail address no other test uses. */
export function uniqueEmail(tag: string): string {
  serial += 1;
  return `${tag}.${serial}.${randomBytes(4).toString('hex')}@example.fi`;
}

/** An anonymous storefront visitor id as the first-party cookie holds it (16–64 of [A-Za-z0-9_-]). */
export function newVisitorId(): string {
  return `v_${randomBytes(15).toString('hex')}`;
}

// ---------------------------------------------------------------- results

/** Fails with the errors in the message when a request that should work did not. */
export function dataOf<T>(result: GraphQLResult<T>, what: string): T {
  if (result.errors?.length || result.data == null) {
    throw new Error(`${what} failed (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** The codes of all errors, in order. */
export function codesOf(result: { errors?: GraphQLErrorShape[] }): (string | undefined)[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** Exactly one error, with this code (and input field, when given). */
export function expectOnlyError(result: { errors?: GraphQLErrorShape[] }, code: string, field?: string): GraphQLErrorShape {
  expect(codesOf(result)).toEqual([code]);
  const [error] = result.errors!;
  if (field !== undefined) expect(error.extensions?.field).toBe(field);
  return error;
}

/** Paths of the errors with this code, as dotted strings, sorted. */
export function pathsWithCode(result: { errors?: GraphQLErrorShape[] }, code: string): string[] {
  return (result.errors ?? [])
    .filter((e) => e.extensions?.code === code)
    .map((e) => (e.path ?? []).join('.'))
    .sort();
}

// ---------------------------------------------------------------- people

export interface Shopper {
  customerId: string;
  token: string;
  client: GraphQLClient;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** E.164, as stored. */
  phone: string;
}

/** Storefront sign-up over HTTP: the new customer with a real session token. */
export async function registerShopper(api: TestApi, overrides: Partial<RegisterCustomerInput> = {}): Promise<Shopper> {
  serial += 1;
  const digits = String(1_000_000 + ((serial * 7919 + randomBytes(2).readUInt16BE(0)) % 8_999_999)).padStart(7, '0');
  const input: RegisterCustomerInput = {
    firstName: `Aino${nameTag(4)}`,
    lastName: `Virtanen${nameTag(4)}`,
    email: uniqueEmail('shopper'),
    password: SHOPPER_PASSWORD,
    phone: `+35840${digits}`,
    address: { kind: 'HOME', line1: 'Isokatu 25', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    consents: ['EMAIL_MARKETING'],
    ...overrides,
  };
  const session = dataOf(await api.anonymous.request(RegisterCustomerDocument, { input }), `registerCustomer ${input.email}`).registerCustomer!;
  return {
    customerId: session.customerId!,
    token: session.token,
    client: api.withToken(session.token),
    email: input.email.trim().toLowerCase(),
    password: input.password,
    firstName: input.firstName,
    lastName: input.lastName,
    phone: input.phone ?? '',
  };
}

export interface StaffMember {
  id: string;
  roles: StaffRole[];
  client: GraphQLClient;
}

/** A staff user acting in the given roles. */
export function staffMember(api: TestApi, ...roles: StaffRole[]): StaffMember {
  const principal = staffPrincipal(...roles);
  if (principal.kind !== 'STAFF') throw new Error('staffPrincipal answered a non-staff principal');
  return { id: principal.staffId, roles, client: api.as(principal) };
}

// ---------------------------------------------------------------- partners

export interface PartnerWithToken {
  id: string;
  name: string;
  token: string;
  client: GraphQLClient;
}

/** An ADMIN registers a partner (§7.2, §7.4) and issues it a token with every scope its kind may hold. */
export async function partnerWithToken(api: TestApi, admin: StaffMember, kind: 'LOGISTICS' | 'ACCOUNTING'): Promise<PartnerWithToken> {
  serial += 1;
  const name = `${kind === 'LOGISTICS' ? 'Kuljetus' : 'Tilitoimisto'} Oy ${serial}-${randomBytes(3).toString('hex')}`;
  const partner = dataOf(await admin.client.request(RegisterPartnerDocument, { input: { name, kind, countryCode: 'FI', contractReference: `DPA-${serial}` } }), 'registerPartner')
    .registerPartner!;
  const scopes: PartnerScope[] = kind === 'LOGISTICS' ? ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS'] : ['ORDERS_ACCOUNTING'];
  const issued = dataOf(await admin.client.request(IssuePartnerTokenDocument, { input: { partnerId: partner.id, scopes, expiresInDays: 30 } }), 'issuePartnerToken')
    .issuePartnerToken!;
  return { id: partner.id, name, token: issued.token, client: api.withToken(issued.token) };
}

export interface ShopOrder {
  id: string;
  orderNumber: string;
}

/** The customer orders in the storefront with their own token. */
export async function placeShopOrder(shopper: Shopper, tag = randomBytes(3).toString('hex').toUpperCase()): Promise<ShopOrder> {
  const name = `${shopper.firstName} ${shopper.lastName}`;
  const order = dataOf(
    await shopper.client.request(StorefrontPlaceOrderDocument, {
      input: {
        lines: [{ productCode: `SKU-${tag}`, productName: 'Jasmiinitee', quantity: 1, unitPriceCents: 790 }],
        billing: { name, email: shopper.email, phone: shopper.phone, line1: 'Isokatu 25', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
        delivery: { name, phone: shopper.phone, line1: `Toimituskatu ${tag}`, postalCode: '90500', city: 'Oulu', countryCode: 'FI' },
        currency: 'EUR',
        shippingCents: 490,
      },
    }),
    'placeOrder',
  ).placeOrder!;
  return { id: order.id, orderNumber: order.orderNumber! };
}

/** Order numbers a logistics partner's real token receives now. */
export async function deliveredOrderNumbers(courier: PartnerWithToken): Promise<string[]> {
  const page = dataOf(await courier.client.request(DeliveryOrdersDocument, { first: 200, openOnly: true }), 'deliveryOrders').deliveryOrders!;
  return page.edges.map(({ node: n }) => n.orderNumber);
}

/** Order numbers an accounting partner's real token receives now. */
export async function bookkeptOrderNumbers(bookkeeper: PartnerWithToken): Promise<string[]> {
  const page = dataOf(await bookkeeper.client.request(BookkeepingOrdersDocument, { first: 200 }), 'orders (accounting)').orders!;
  return page.edges.map(({ node: n }) => n.orderNumber!);
}

/**
 * Customer service hands the order to the courier (§7.4) and the courier
 * fetches its deliveries with its real token: from then on it has received
 * the customer's data (the audit says so) and is a recipient under Art 19.
 */
export async function handToCourier(customerService: StaffMember, courier: PartnerWithToken, order: ShopOrder): Promise<void> {
  dataOf(await customerService.client.request(AssignDeliveryDocument, { orderId: order.id, partnerId: courier.id }), 'assignDelivery');
  const received = await deliveredOrderNumbers(courier);
  if (!received.includes(order.orderNumber)) throw new Error(`courier did not receive ${order.orderNumber}`);
}

/** The courier's or bookkeeper's Art 19 outbox. */
export async function partnerNotices(partner: PartnerWithToken): Promise<NonNullable<PartnerNoticesQuery['partnerNotices']>> {
  return dataOf(await partner.client.request(PartnerNoticesDocument, { includeAcknowledged: true }), 'partnerNotices').partnerNotices!;
}

// ---------------------------------------------------------------- requests

/** Customer service records a written request (§8); it waits for identity verification (§8.5). */
export async function recordedRequest(customerService: StaffMember, customerId: string, type: PrivacyRequestType, channel: RequestChannel = 'EMAIL'): Promise<string> {
  return dataOf(await customerService.client.request(RecordPrivacyRequestDocument, { input: { customerId, type, channel } }), `recordPrivacyRequest ${type}`).recordPrivacyRequest!
    .id;
}

/** A written request recorded and then verified (§8.5), ready to act on. */
export async function verifiedRequest(customerService: StaffMember, customerId: string, type: PrivacyRequestType, channel: RequestChannel = 'EMAIL'): Promise<string> {
  const id = await recordedRequest(customerService, customerId, type, channel);
  dataOf(await customerService.client.request(VerifyPrivacyRequestDocument, { requestId: id, method: 'answered from the registered e-mail address' }), 'verify');
  return id;
}

// ---------------------------------------------------------------- marketing

/** The customers MARKETING staff reach in the admin panel's list (AdminCustomers): the marketing audience. */
export async function marketingAudience(marketing: StaffMember): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const result: GraphQLResult<AdminCustomersQuery> = await marketing.client.request(AdminCustomersDocument, { first: 200, after });
    // MARKETING may be refused single fields (orders); the page itself must arrive.
    const page = result.data?.customers;
    if (!page) throw new Error(`customers as MARKETING failed: ${JSON.stringify(result.errors)}`);
    ids.push(...page.edges.map(({ node: n }) => n.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

// ---------------------------------------------------------------- database

export interface ConsentRow extends Record<string, unknown> {
  id: string;
  customer_id: string | null;
  visitor_id: string | null;
  purpose: string;
  granted: boolean;
  occurred_at: Date;
  source: string;
  actor_kind: string;
  actor_id: string | null;
  notice_version: string;
}

const CONSENT_COLUMNS =
  'id, customer_id, visitor_id, purpose::text as purpose, granted, occurred_at, source::text as source, actor_kind::text as actor_kind, actor_id, notice_version';

/** A customer's consent history rows, oldest first. */
export function consentRows(api: TestApi, customerId: string): Promise<ConsentRow[]> {
  return api.db.query<ConsentRow>(`select ${CONSENT_COLUMNS} from consent_event where customer_id = $1 order by occurred_at, id`, [customerId]);
}

/** A visitor's cookie-choice rows, oldest first. */
export function visitorRows(api: TestApi, visitorId: string): Promise<ConsentRow[]> {
  return api.db.query<ConsentRow>(`select ${CONSENT_COLUMNS} from consent_event where visitor_id = $1 order by occurred_at, id`, [visitorId]);
}

/** Every consent row of the database, for "nothing changed" checks. */
export function allConsentRows(api: TestApi): Promise<ConsentRow[]> {
  return api.db.query<ConsentRow>(`select ${CONSENT_COLUMNS} from consent_event order by id`);
}

/** The privacy-statement version in force (§11), as consents record it. */
export async function currentNoticeVersion(api: TestApi): Promise<string> {
  const [row] = await api.db.query<{ version: string }>('select version from privacy_notice where published_on <= current_date order by published_on desc limit 1');
  return row.version;
}

/** Current state per purpose, derived from the newest row of each (what the API must answer). */
export function newestPerPurpose(rows: readonly ConsentRow[]): Record<string, boolean> {
  const state: Record<string, boolean> = {};
  for (const row of rows) state[row.purpose] = row.granted; // oldest first: the last one wins
  return state;
}

/** Row counts of what a rights action writes; compare before and after for "nothing written". */
export async function writeCounts(api: TestApi): Promise<Record<string, number>> {
  const [row] = await api.db.query<Record<string, number>>(
    `select
       (select count(*)::int from rectification) as rectification,
       (select count(*)::int from privacy_request) as privacy_request,
       (select count(*)::int from audit_entry where action = 'CHANGE') as audit_change,
       (select count(*)::int from partner_notice) as partner_notice,
       (select count(*)::int from customer_notice) as customer_notice,
       (select count(*)::int from consent_event) as consent_event,
       (select count(*)::int from restriction) as restriction,
       (select count(*)::int from objection) as objection`,
  );
  return row;
}

/** The customer's profile row and addresses as text, for "nothing changed" checks. */
export async function profileSnapshot(api: TestApi, customerId: string): Promise<string> {
  const [row] = await api.db.query<{ snapshot: string }>(
    `select (select c::text from customer c where c.id = $1) || ' | ' ||
            coalesce((select string_agg(a::text, ' ; ' order by a.id) from address a where a.customer_id = $1), '') as snapshot`,
    [customerId],
  );
  return row.snapshot;
}
