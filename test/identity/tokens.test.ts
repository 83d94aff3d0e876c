import { randomUUID } from 'node:crypto';
import { hashToken, newPartnerToken, newSessionToken } from '../../src/core/auth/tokens';
import { LogoutDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import {
  bearer,
  dataOf,
  partnerWithToken,
  postGraphQL,
  registerCustomer,
  signedInStaff,
  type PartnerWithToken,
  type RawResponse,
  type RegisteredCustomer,
  type SignedInStaff,
} from './identity-scenarios';

/*
 * Bearer-token refusals (§9.3 access protected by per-user credentials): a
 * token that is malformed, unknown, expired or revoked is refused with HTTP
 * 401, code UNAUTHENTICATED and a machine-readable reason, and is never
 * silently downgraded to an anonymous request. A refusal carries no customer
 * data (§9.1).
 */

let api: TestApi;
let customer: RegisteredCustomer;
let admin: SignedInStaff;
let logistics: PartnerWithToken;

beforeAll(async () => {
  api = await startTestApi();
  customer = await registerCustomer(api);
  admin = await signedInStaff(api, ['ADMIN']);
  logistics = await partnerWithToken(api, admin.token, 'LOGISTICS');
}, 60_000);
afterAll(() => api.close());

/** What a storefront would ask with the token: the customer's own profile. */
const PROFILE = { query: 'query Profile { me { id firstName lastName email phone } viewer { kind customerId } }', operationName: 'Profile' };

function expectRefused(response: RawResponse, reason: string) {
  expect(response.status).toBe(401);
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  expect(typeof response.errors![0].message).toBe('string');
  expect(response.data ?? null).toBeNull();
  // §9.1: nothing about any customer in a refusal.
  for (const secret of [customer.email, customer.firstName, customer.lastName, customer.customerId, customer.phoneE164]) {
    expect(response.text).not.toContain(secret);
  }
}

/** The token with one character of its checksum (its last six) changed. */
function corruptLastCharacter(token: string): string {
  const last = token.at(-1)!;
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

describe('§9.3 refused tokens: HTTP 401, UNAUTHENTICATED, with a reason', () => {
  it.each([
    ['a bearer value that is no Rekisteri token', 'Bearer abc'],
    ['another scheme', 'Basic x'],
    ['Basic credentials', `Basic ${Buffer.from('user:password').toString('base64')}`],
    ['the scheme without a token', 'Bearer'],
    ['a token after two spaces', 'Bearer  rks_' + 'a'.repeat(43)],
    ['a session token one character short', `Bearer ${'rks_' + 'a'.repeat(42)}`],
    ['a session token with a character outside base62', `Bearer ${'rks_' + 'a'.repeat(42)}-`],
    ['two tokens', `Bearer ${'rks_' + 'a'.repeat(43)} ${'rks_' + 'b'.repeat(43)}`],
  ])('§9.3 %s → TOKEN_MALFORMED', async (_name, header) => {
    expectRefused(await postGraphQL(api, PROFILE, { authorization: header }), 'TOKEN_MALFORMED');
  });

  it('§9.3 a real partner token with a wrong checksum character → TOKEN_MALFORMED (refused before any lookup)', async () => {
    const corrupted = corruptLastCharacter(logistics.token);
    expect(corrupted).toMatch(/^rk_[0-9A-Za-z]{49}$/);
    const { result, statements } = await api.countSql(() => postGraphQL(api, PROFILE, bearer(corrupted)));
    expectRefused(result, 'TOKEN_MALFORMED');
    expect(statements.filter((sql) => /partner_token|session/.test(sql))).toEqual([]);
    // The intact token still works.
    const ok = await postGraphQL<{ viewer: { kind: string } }>(api, { query: '{ viewer { kind } }' }, bearer(logistics.token));
    expect(ok.status).toBe(200);
    expect(ok.data?.viewer.kind).toBe('PARTNER');
  });

  it('§9.3 a well-formed session token that was never issued → TOKEN_UNKNOWN', async () => {
    expectRefused(await postGraphQL(api, PROFILE, bearer(newSessionToken())), 'TOKEN_UNKNOWN');
  });

  it('§9.3 a well-formed partner token (valid checksum) that was never issued → TOKEN_UNKNOWN', async () => {
    expectRefused(await postGraphQL(api, PROFILE, bearer(newPartnerToken())), 'TOKEN_UNKNOWN');
  });

  it('§9.3 a customer session past its expires_at → TOKEN_EXPIRED', async () => {
    const token = newSessionToken();
    await api.db.query(
      `insert into session (id, token_hash, subject, customer_id, created_at, expires_at)
       values ($1, $2, 'CUSTOMER', $3, now() - interval '2 days', now() - interval '1 second')`,
      [randomUUID(), hashToken(token), customer.customerId],
    );
    expectRefused(await postGraphQL(api, PROFILE, bearer(token)), 'TOKEN_EXPIRED');
  });

  it('§9.3 a staff session past its expires_at → TOKEN_EXPIRED', async () => {
    const token = newSessionToken();
    await api.db.query(
      `insert into session (id, token_hash, subject, staff_id, created_at, expires_at)
       values ($1, $2, 'STAFF', $3, now() - interval '1 day', now() - interval '1 minute')`,
      [randomUUID(), hashToken(token), admin.id],
    );
    expectRefused(await postGraphQL(api, { query: '{ staffUsers { id email } }' }, bearer(token)), 'TOKEN_EXPIRED');
  });

  it('§9.3 a logged-out session → TOKEN_REVOKED', async () => {
    const other = await registerCustomer(api);
    dataOf(await other.client.request(LogoutDocument), 'logout');
    const response = await postGraphQL(api, PROFILE, bearer(other.token));
    expectRefused(response, 'TOKEN_REVOKED');
    for (const secret of [other.email, other.firstName, other.lastName, other.customerId]) expect(response.text).not.toContain(secret);
  });

  it('§9.3 (control) the same request with a working token answers the profile', async () => {
    const ok = await postGraphQL<{ me: { id: string; email: string } }>(api, PROFILE, bearer(customer.token));
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.me).toMatchObject({ id: customer.customerId, email: customer.email });
  });

  it('§9.3 no Authorization header (or an empty one) is anonymous, not an error', async () => {
    for (const headers of [{}, { authorization: '' }] as Record<string, string>[]) {
      const response = await postGraphQL<{ viewer: { kind: string; customerId: string | null } }>(api, { query: '{ viewer { kind customerId } }' }, headers);
      expect(response.status).toBe(200);
      expect(response.data?.viewer).toEqual({ kind: 'ANONYMOUS', customerId: null });
    }
    // …and anonymous callers reach no profile.
    const me = await postGraphQL(api, { query: '{ me { id email } }' });
    expect(me.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(me.text).not.toContain(customer.email);
  });
});
