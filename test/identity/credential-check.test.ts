import { hashToken } from '../../src/core/auth/tokens';
import { startTestApi, type TestApi } from '../support/api';
import { bearer, postGraphQL, registerCustomer, type RawResponse, type RegisteredCustomer } from './identity-scenarios';

/*
 * Issue 9 with §9.3: a customer session seen before is checked in the same statement as the
 * request's first read (core/auth/credential-check.ts) instead of in a lookup of its own.
 * The check must hold exactly as before: whatever ends a session — a logout, a revocation by
 * another process straight in the database, an account that is no longer active, the end of
 * its validity — the very next request is refused with 401 and the reason, and nothing read
 * under the stale session leaves the server; a mutation never runs on it.
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

const PROFILE = { query: 'query Profile { me { id firstName lastName email phone } }', operationName: 'Profile' };

/** A customer whose token has been used once, so the next request takes the ride-along path. */
async function warmCustomer(): Promise<RegisteredCustomer> {
  const customer = await registerCustomer(api, { firstName: 'Åsa-Päivikki', lastName: "O'Connor-Ääkkönen" });
  const first = await postGraphQL<{ me: { id: string } }>(api, PROFILE, bearer(customer.token));
  expect(first.status).toBe(200);
  expect(first.data?.me.id).toBe(customer.customerId);
  return customer;
}

function expectRefused(response: RawResponse, reason: string, customer: RegisteredCustomer): void {
  expect(response.status).toBe(401);
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  expect(response.data ?? null).toBeNull();
  // Nothing read under the stale session is in the answer (§9.1).
  for (const secret of [customer.email, customer.firstName, customer.lastName, customer.customerId, customer.phoneE164]) {
    expect(response.text).not.toContain(secret);
  }
}

it('a known session costs one statement for `me`: the check rides in it', async () => {
  const customer = await warmCustomer();
  const { result, statements } = await api.countSql(() => postGraphQL<{ me: { email: string } }>(api, PROFILE, bearer(customer.token)));
  expect(result.data?.me.email).toBe(customer.email);
  expect(statements).toHaveLength(1);
  expect(statements[0]).toContain('token_hash');
  expect(statements[0]).toContain('from customer c');
});

it('§9.3 revoked by another process straight in the database: the very next query is refused', async () => {
  const customer = await warmCustomer();
  await api.db.query('update session set revoked_at = now() where token_hash = $1', [hashToken(customer.token)]);
  expectRefused(await postGraphQL(api, PROFILE, bearer(customer.token)), 'TOKEN_REVOKED', customer);
  // And stays refused (the hint is gone: the full lookup refuses it too).
  expectRefused(await postGraphQL(api, PROFILE, bearer(customer.token)), 'TOKEN_REVOKED', customer);
});

it('§9.3 expired while known: TOKEN_EXPIRED on the next request', async () => {
  const customer = await warmCustomer();
  await api.db.query("update session set expires_at = now() - interval '1 second' where token_hash = $1", [hashToken(customer.token)]);
  expectRefused(await postGraphQL(api, PROFILE, bearer(customer.token)), 'TOKEN_EXPIRED', customer);
});

it('§9.3 an account no longer ACTIVE: TOKEN_REVOKED on the next request', async () => {
  const customer = await warmCustomer();
  await api.db.query("update customer set status = 'CLOSED' where id = $1", [customer.customerId]);
  expectRefused(await postGraphQL(api, PROFILE, bearer(customer.token)), 'TOKEN_REVOKED', customer);
});

it('§9.3 a query that reads nothing, or reads no rows, is checked on its own before it is answered', async () => {
  const customer = await warmCustomer();
  await api.db.query('update session set revoked_at = now() where token_hash = $1', [hashToken(customer.token)]);
  expectRefused(await postGraphQL(api, { query: '{ __typename }' }, bearer(customer.token)), 'TOKEN_REVOKED', customer);

  const other = await warmCustomer();
  await api.db.query('update session set revoked_at = now() where token_hash = $1', [hashToken(other.token)]);
  const ordersOfNobody = await postGraphQL(api, { query: '{ me { orders { orderNumber } } }' }, bearer(other.token));
  expectRefused(ordersOfNobody, 'TOKEN_REVOKED', other);
  // A query with a validation error is refused for the credential first, as before.
  expectRefused(await postGraphQL(api, { query: '{ nosuchfield }' }, bearer(other.token)), 'TOKEN_REVOKED', other);
});

it('§9.3 a mutation never runs on a revoked known session: refused, and the database is unchanged', async () => {
  const customer = await warmCustomer();
  await api.db.query('update session set revoked_at = now() where token_hash = $1', [hashToken(customer.token)]);
  const snapshot = async () => ({
    customer: await api.db.query('select first_name, updated_at, last_activity_at from customer where id = $1', [customer.customerId]),
    audit: await api.db.query('select id from audit_entry where customer_id = $1 order by id', [customer.customerId]),
  });
  const before = await snapshot();
  const response = await postGraphQL(
    api,
    { query: 'mutation Fix($input: RectifyProfileInput!) { updateMyProfile(input: $input) { firstName } }', variables: { input: { firstName: 'Muutettu' } } },
    bearer(customer.token),
  );
  expectRefused(response, 'TOKEN_REVOKED', customer);
  expect(await snapshot()).toEqual(before);
});

it('a valid known session goes on working, for queries and mutations alike', async () => {
  const customer = await warmCustomer();
  for (let i = 0; i < 3; i++) {
    const again = await postGraphQL<{ me: { firstName: string } }>(api, PROFILE, bearer(customer.token));
    expect(again.status).toBe(200);
    expect(again.data?.me.firstName).toBe(customer.firstName);
  }
  const logout = await postGraphQL<{ logout: boolean }>(api, { query: 'mutation { logout }' }, bearer(customer.token));
  expect(logout.status).toBe(200);
  expect(logout.errors).toBeUndefined();
  expectRefused(await postGraphQL(api, PROFILE, bearer(customer.token)), 'TOKEN_REVOKED', customer);
});
