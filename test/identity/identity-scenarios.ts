import { randomBytes } from 'node:crypto';
import type { StaffRole } from '../../src/core/auth/principal';
import { createStaffUser } from '../../src/modules/staff/staff.service';
import {
  AdminChangeOrderDocument,
  IssuePartnerTokenDocument,
  RegisterCustomerDocument,
  RegisterPartnerDocument,
  StaffLoginDocument,
  StorefrontPlaceOrderDocument,
  type OrderPartyInput,
  type PartnerKind,
  type PartnerScope,
  type RegisterCustomerInput,
  type RegisterPartnerInput,
} from '../generated/graphql';
import type { GraphQLClient, GraphQLErrorShape, GraphQLResult, TestApi } from '../support/api';
import { nameTag } from '../support/scenarios';

/*
 * Named scenarios for the identity and permission suites. Everything a test
 * acts with is a REAL credential: staff users are created through the staff
 * service and then sign in over HTTP; customers sign up over HTTP; partners
 * are registered and given tokens by an admin over HTTP. No test-only
 * principal header is used here.
 */

/** Password of every customer these scenarios register (12+ characters, §9.3). */
export const CUSTOMER_PASSWORD = 'kissa-koira-kala-2024';
/** Password of every staff user these scenarios create. */
export const STAFF_PASSWORD = 'henkilokunta-salasana-42';
/** The argon2id parameters OWASP asks for: m = 19 MiB, t = 2, p = 1. */
export const ARGON2ID_PREFIX = '$argon2id$v=19$m=19456,t=2,p=1$';
export const SESSION_TOKEN = /^rks_[0-9A-Za-z]{43}$/;
export const PARTNER_TOKEN = /^rk_[0-9A-Za-z]{49}$/;

let serial = 0;
/** An e-mail address no other test (in any suite) uses. */
export function uniqueEmail(tag: string): string {
  serial += 1;
  return `${tag}.${serial}.${randomBytes(4).toString('hex')}@example.fi`;
}

/** A name no other test uses (partner names are unique). */
export function uniqueName(tag: string): string {
  serial += 1;
  return `${tag} ${serial}-${randomBytes(3).toString('hex')}`;
}

/** Fails with the errors in the message when a request that should work did not. */
export function dataOf<T>(result: GraphQLResult<T>, what: string): T {
  if (result.errors?.length || result.data == null) {
    throw new Error(`${what} failed (HTTP ${result.status}): ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

// ---------------------------------------------------------------- staff

export interface StaffAccount {
  id: string;
  email: string;
  password: string;
  roles: StaffRole[];
}

export interface SignedInStaff extends StaffAccount {
  /** A real session token from staffLogin. */
  token: string;
  client: GraphQLClient;
}

/** A staff user created directly through the staff service (as the operator CLI does for the first admin). */
export async function createStaffAccount(api: TestApi, roles: StaffRole[], options: { email?: string; password?: string; displayName?: string } = {}): Promise<StaffAccount> {
  const email = options.email ?? uniqueEmail(`staff-${roles.join('-').toLowerCase() || 'none'}`);
  const password = options.password ?? STAFF_PASSWORD;
  const view = await createStaffUser(
    api.db.orm.em.fork(),
    { email, displayName: options.displayName ?? `Test ${roles.map((r) => r.toLowerCase().replaceAll('_', ' ')).join(' ')}`, password, roles },
    new Date(),
  );
  return { id: view.id, email: view.email, password, roles };
}

/** Admin-panel sign-in over HTTP; answers the token or throws. */
export async function staffSignIn(api: TestApi, email: string, password: string): Promise<string> {
  const result = await api.anonymous.request(StaffLoginDocument, { email, password });
  return dataOf(result, `staffLogin ${email}`).staffLogin!.token;
}

/** A staff user with the given roles, signed in over HTTP with a real session token. */
export async function signedInStaff(api: TestApi, roles: StaffRole[], options: { email?: string; password?: string } = {}): Promise<SignedInStaff> {
  const account = await createStaffAccount(api, roles, options);
  const token = await staffSignIn(api, account.email, account.password);
  return { ...account, token, client: api.withToken(token) };
}

// ---------------------------------------------------------------- customers

export interface RegisteredCustomer {
  customerId: string;
  token: string;
  expiresAt: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** As typed at sign-up (stored as E.164: see `phoneE164`). */
  phone: string;
  phoneE164: string;
  client: GraphQLClient;
}

/** Storefront sign-up over HTTP (RegisterCustomer): answers the new customer's session. */
export async function registerCustomer(api: TestApi, overrides: Partial<RegisterCustomerInput> = {}): Promise<RegisteredCustomer> {
  serial += 1;
  const digits = String(1_000_000 + ((serial * 7919 + randomBytes(2).readUInt16BE(0)) % 8_999_999)).padStart(7, '0');
  const input: RegisterCustomerInput = {
    firstName: `Maija${nameTag()}`,
    lastName: `Meikäläinen${nameTag()}`,
    email: uniqueEmail('customer'),
    password: CUSTOMER_PASSWORD,
    phone: `+35840${digits}`,
    address: { kind: 'HOME', line1: 'Isokatu 25', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
    consents: ['EMAIL_MARKETING'],
    ...overrides,
  };
  const result = await api.anonymous.request(RegisterCustomerDocument, { input });
  const session = dataOf(result, `registerCustomer ${input.email}`).registerCustomer!;
  return {
    customerId: session.customerId!,
    token: session.token,
    expiresAt: session.expiresAt,
    email: input.email.trim().toLowerCase(),
    password: input.password,
    firstName: input.firstName,
    lastName: input.lastName,
    phone: input.phone ?? '',
    phoneE164: input.phone ?? '',
    client: api.withToken(session.token),
  };
}

// ---------------------------------------------------------------- partners

export interface RegisteredPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  countryCode: string;
}

export interface PartnerWithToken extends RegisteredPartner {
  token: string;
  tokenId: string;
  scopes: PartnerScope[];
  client: GraphQLClient;
}

/** An admin registers a partner in the processor register over HTTP. */
export async function registerPartner(api: TestApi, adminToken: string, input: Partial<RegisterPartnerInput> & { kind: PartnerKind }): Promise<RegisteredPartner> {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as typeof input;
  const result = await api.withToken(adminToken).request(RegisterPartnerDocument, {
    input: { name: uniqueName(`${input.kind} Oy`), countryCode: 'FI', contractReference: 'DPA-2024-001', ...given },
  });
  const partner = dataOf(result, 'registerPartner').registerPartner!;
  return { id: partner.id, name: partner.name, kind: partner.kind, countryCode: partner.countryCode };
}

/** An admin issues a scoped token for a partner over HTTP. */
export async function issuePartnerToken(
  api: TestApi,
  adminToken: string,
  partnerId: string,
  scopes: PartnerScope[],
  expiresInDays = 30,
): Promise<{ token: string; tokenId: string }> {
  const result = await api.withToken(adminToken).request(IssuePartnerTokenDocument, { input: { partnerId, scopes, expiresInDays } });
  const issued = dataOf(result, 'issuePartnerToken').issuePartnerToken!;
  return { token: issued.token, tokenId: issued.info.id };
}

export const LOGISTICS_SCOPES: PartnerScope[] = ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS'];
export const ACCOUNTING_SCOPES: PartnerScope[] = ['ORDERS_ACCOUNTING'];

/** A registered partner of the kind with a fresh token (all scopes its kind may hold unless given). */
export async function partnerWithToken(
  api: TestApi,
  adminToken: string,
  kind: 'LOGISTICS' | 'ACCOUNTING',
  options: { scopes?: PartnerScope[]; name?: string; countryCode?: string } = {},
): Promise<PartnerWithToken> {
  const partner = await registerPartner(api, adminToken, { kind, name: options.name, countryCode: options.countryCode });
  const scopes = options.scopes ?? (kind === 'LOGISTICS' ? LOGISTICS_SCOPES : ACCOUNTING_SCOPES);
  const { token, tokenId } = await issuePartnerToken(api, adminToken, partner.id, scopes);
  return { ...partner, token, tokenId, scopes, client: api.withToken(token) };
}

// ---------------------------------------------------------------- orders

export interface PlacedOrder {
  id: string;
  orderNumber: string;
  delivery: Required<Pick<OrderPartyInput, 'name' | 'line1' | 'postalCode' | 'city' | 'countryCode'>> & { phone: string };
  lines: { productCode: string; productName: string; quantity: number; unitPriceCents: number }[];
}

/**
 * The customer orders in the storefront with their own token (billing carries
 * their e-mail); customer service marks it PAID when `paid` (default).
 */
export async function placeOrder(api: TestApi, customer: RegisteredCustomer, customerService: SignedInStaff, options: { paid?: boolean; tag?: string } = {}): Promise<PlacedOrder> {
  const tag = options.tag ?? randomBytes(3).toString('hex').toUpperCase();
  const delivery = {
    name: `${customer.firstName} ${customer.lastName}`,
    line1: `Toimituskatu ${tag}`,
    postalCode: '90500',
    city: 'Oulu',
    countryCode: 'FI',
    phone: customer.phoneE164,
  };
  const lines = [
    { productCode: `SKU-${tag}-A`, productName: 'Jasmiinitee', quantity: 2, unitPriceCents: 790 },
    { productCode: `SKU-${tag}-B`, productName: 'Teekannu', quantity: 1, unitPriceCents: 3490 },
  ];
  const placed = await customer.client.request(StorefrontPlaceOrderDocument, {
    input: {
      lines,
      billing: {
        name: `${customer.firstName} ${customer.lastName}`,
        email: customer.email,
        phone: customer.phoneE164,
        line1: 'Isokatu 25',
        postalCode: '90100',
        city: 'Oulu',
        countryCode: 'FI',
      },
      delivery,
      currency: 'EUR',
      shippingCents: 490,
    },
  });
  const order = dataOf(placed, 'placeOrder').placeOrder!;
  if (options.paid ?? true) {
    dataOf(await customerService.client.request(AdminChangeOrderDocument, { input: { orderId: order.id, status: 'PAID' } }), 'mark PAID');
  }
  return { id: order.id, orderNumber: order.orderNumber!, delivery, lines };
}

// ---------------------------------------------------------------- raw HTTP

export interface RawResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The body exactly as sent, for "never contains" checks. */
  text: string;
  data: T | null | undefined;
  errors: GraphQLErrorShape[] | undefined;
}

/** POST a GraphQL request with any headers (an odd Authorization header, a request id), keeping the response headers. */
export async function postGraphQL<T = Record<string, unknown>>(
  api: TestApi,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
): Promise<RawResponse<T>> {
  const response = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(request),
  });
  const text = await response.text();
  let body: { data?: T | null; errors?: GraphQLErrorShape[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not JSON: leave data and errors undefined; the test sees `text`.
  }
  return { status: response.status, headers: response.headers, text, data: body.data, errors: body.errors };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The codes of all errors, in order. */
export function codesOf(result: { errors?: GraphQLErrorShape[] }): (string | undefined)[] {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

/** Exactly one error, with this code (and path, when given). */
export function expectOnlyError(result: { errors?: GraphQLErrorShape[] }, code: string, path?: (string | number)[]): GraphQLErrorShape {
  expect(codesOf(result)).toEqual([code]);
  const [error] = result.errors!;
  if (path) expect(error.path).toEqual(path);
  return error;
}

// ---------------------------------------------------------------- database

/**
 * Every table (and row) of the public schema whose text form contains the
 * needle: "the token string appears nowhere in the database".
 */
export async function tablesContaining(api: TestApi, needle: string): Promise<string[]> {
  const tables = await api.db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const found: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await api.db.query<{ n: number }>(`select count(*)::int as n from "${table_name}" t where strpos(t::text, $1) > 0`, [needle]);
    if (row.n > 0) found.push(table_name);
  }
  return found;
}

/** Milliseconds `work` takes. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}
