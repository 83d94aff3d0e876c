import { randomUUID } from 'node:crypto';
import { hashToken } from '../../src/core/auth/tokens';
import { ACCOUNT_FAILURE_LIMIT } from '../../src/modules/identity/identity.service';
import {
  AdminCustomersDocument,
  LoginDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MeDocument,
  MyProfileDocument,
  RegisterCustomerDocument,
  StaffLoginDocument,
  ViewerDocument,
} from '../generated/graphql';
import { startTestApi, type GraphQLResult, type TestApi } from '../support/api';
import {
  ARGON2ID_PREFIX,
  CUSTOMER_PASSWORD,
  SESSION_TOKEN,
  codesOf,
  createStaffAccount,
  dataOf,
  expectOnlyError,
  registerCustomer,
  tablesContaining,
  timed,
  uniqueEmail,
  type RegisteredCustomer,
} from './identity-scenarios';

/*
 * Customer sessions end to end over real bearer tokens (§9.3 per-user
 * credentials and passwords): sign-up answers a session, sign-in with the
 * right password, the same refusal for a wrong password and an unknown
 * e-mail, throttling without an account-existence leak, argon2id at rest,
 * tokens stored only as hashes, logout and logout-everywhere, and another
 * customer's id answering exactly like a missing one (§9.1, §9.2).
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

const login = (email: string, password: string) => api.anonymous.request(LoginDocument, { email, password });

/** The error a refused request answered, without its location (same query text, same location anyway). */
function refusal(result: GraphQLResult<unknown>) {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  return { status: result.status, message: error.message, path: error.path, extensions: error.extensions };
}

describe('§9.3 sign-up and sign-in', () => {
  it('§9.3 §6.1 registerCustomer answers a session token that works for `me` at once', async () => {
    const customer = await registerCustomer(api);
    expect(customer.token).toMatch(SESSION_TOKEN);
    expect(customer.customerId).toMatch(/^[0-9a-f-]{36}$/);

    const me = dataOf(await customer.client.request(MeDocument), 'me').me!;
    expect(me.id).toBe(customer.customerId);
    expect(me.email).toBe(customer.email);
    expect(me.firstName).toBe(customer.firstName);

    const viewer = dataOf(await customer.client.request(ViewerDocument), 'viewer').viewer;
    expect(viewer).toEqual({ kind: 'CUSTOMER', customerId: customer.customerId, staffId: null, partnerId: null, roles: [], scopes: [] });
  });

  it('§9.3 login with the right password answers a new session of that customer; e-mail case and spaces do not matter', async () => {
    const customer = await registerCustomer(api);
    const result = await login(`  ${customer.email.toUpperCase()} `, customer.password);
    const session = dataOf(result, 'login').login!;
    expect(session.customerId).toBe(customer.customerId);
    expect(session.token).toMatch(SESSION_TOKEN);
    expect(session.token).not.toBe(customer.token);
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = dataOf(await api.withToken(session.token).request(MeDocument), 'me').me!;
    expect(me.id).toBe(customer.customerId);
  });

  it('§9.3 a password shorter than 12 characters is refused at sign-up and nothing is written', async () => {
    const email = uniqueEmail('short');
    const result = await api.anonymous.request(RegisterCustomerDocument, {
      input: { firstName: 'Lyhyt', lastName: 'Salasana', email, password: 'short-pw' },
    });
    expect(result.data?.registerCustomer ?? null).toBeNull();
    const error = expectOnlyError(result, 'BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('input.password');
    expect(await api.db.query('select 1 from customer where email = $1', [email])).toHaveLength(0);
  });

  it('§9.3 a wrong password and an unknown e-mail answer the SAME refusal (LOGIN_FAILED, same message): no account-existence leak', async () => {
    const customer = await registerCustomer(api);
    const wrongPassword = await login(customer.email, `${CUSTOMER_PASSWORD}-wrong`);
    const unknownEmail = await login(uniqueEmail('nobody'), CUSTOMER_PASSWORD);

    expect(wrongPassword.data?.login ?? null).toBeNull();
    expect(unknownEmail.data?.login ?? null).toBeNull();
    expect(refusal(wrongPassword).extensions?.code).toBe('LOGIN_FAILED');
    expect(refusal(unknownEmail)).toEqual(refusal(wrongPassword));
    // The refusal names neither the account nor which part was wrong.
    expect(JSON.stringify(wrongPassword.errors)).not.toContain(customer.email);
    expect(refusal(wrongPassword).extensions?.field).toBeUndefined();
  });

  it('§9.3 sign-in for an unknown e-mail takes a comparable time to a wrong password (a decoy hash is verified)', async () => {
    const customer = await registerCustomer(api);
    // Warm the sign-in path once with a successful login (records no failure).
    dataOf(await login(customer.email, customer.password), 'warm-up login');

    const known = await timed(() => login(customer.email, `${CUSTOMER_PASSWORD}-nope`));
    const unknown = await timed(() => login(uniqueEmail('ghost'), `${CUSTOMER_PASSWORD}-nope`));
    expect(codesOf(known.result)).toEqual(['LOGIN_FAILED']);
    expect(codesOf(unknown.result)).toEqual(['LOGIN_FAILED']);
    // Not an order of magnitude apart in either direction (one measurement each, loose bound).
    expect(known.ms / unknown.ms).toBeLessThan(5);
    expect(unknown.ms / known.ms).toBeLessThan(5);
  });

  it('§9.3 staff and customer credentials are separate: neither signs in through the other door', async () => {
    const customer = await registerCustomer(api);
    const staff = await createStaffAccount(api, ['CUSTOMER_SERVICE']);

    const customerAsStaff = await api.anonymous.request(StaffLoginDocument, { email: customer.email, password: customer.password });
    const staffAsCustomer = await login(staff.email, staff.password);
    expect(codesOf(customerAsStaff)).toEqual(['LOGIN_FAILED']);
    expect(codesOf(staffAsCustomer)).toEqual(['LOGIN_FAILED']);
    expect(customerAsStaff.data?.staffLogin ?? null).toBeNull();
    expect(staffAsCustomer.data?.login ?? null).toBeNull();
  });
});

describe('§9.3 throttling of failed sign-ins', () => {
  const LIMIT = ACCOUNT_FAILURE_LIMIT.count;

  it(`§9.3 after ${LIMIT} failures within ${ACCOUNT_FAILURE_LIMIT.windowMinutes} minutes, even the right password answers LOGIN_THROTTLED`, async () => {
    expect(LIMIT).toBe(10);
    expect(ACCOUNT_FAILURE_LIMIT.windowMinutes).toBe(15);
    const customer = await registerCustomer(api);
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      const result = await login(customer.email, `wrong-password-${attempt}`);
      expect(codesOf(result)).toEqual(['LOGIN_FAILED']);
    }
    const right = await login(customer.email, customer.password);
    expect(right.data?.login ?? null).toBeNull();
    const error = expectOnlyError(right, 'LOGIN_THROTTLED');
    expect(error.message).not.toContain(customer.email);

    // A wrong password is throttled the same way (no oracle while throttled).
    expect(refusal(await login(customer.email, 'still-wrong-password'))).toEqual(refusal(right));
    // Sessions that already exist keep working: the throttle guards sign-in only.
    expect(dataOf(await customer.client.request(MeDocument), 'me').me!.id).toBe(customer.customerId);
    // Other accounts from the same address are not locked out by this one.
    const other = await registerCustomer(api);
    expect(dataOf(await login(other.email, other.password), 'other login').login!.customerId).toBe(other.customerId);
  });

  it('§9.3 an unknown e-mail is throttled exactly like an existing one (no account-existence leak)', async () => {
    const existing = await registerCustomer(api);
    const unknown = uniqueEmail('unknown');
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      expect(codesOf(await login(existing.email, `wrong-${attempt}-password`))).toEqual(['LOGIN_FAILED']);
      expect(codesOf(await login(unknown, `wrong-${attempt}-password`))).toEqual(['LOGIN_FAILED']);
    }
    const existingThrottled = await login(existing.email, existing.password);
    const unknownThrottled = await login(unknown, existing.password);
    expect(codesOf(existingThrottled)).toEqual(['LOGIN_THROTTLED']);
    expect(refusal(unknownThrottled)).toEqual(refusal(existingThrottled));
  });

  it('§9.3 changing the case or padding of the e-mail does not buy more attempts', async () => {
    const customer = await registerCustomer(api);
    const variants = [customer.email, customer.email.toUpperCase(), ` ${customer.email}`, `${customer.email}  `, customer.email.replace(/^./, (c) => c.toUpperCase())];
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      expect(codesOf(await login(variants[attempt % variants.length], `wrong-password-${attempt}`))).toEqual(['LOGIN_FAILED']);
    }
    expect(codesOf(await login(customer.email, customer.password))).toEqual(['LOGIN_THROTTLED']);
  });

  it('§9.3 login_failure rows hold keyed hashes only: no e-mail, no client address', async () => {
    const customer = await registerCustomer(api);
    const unknown = uniqueEmail('hashonly');
    expect(codesOf(await login(customer.email, 'definitely-wrong-1'))).toEqual(['LOGIN_FAILED']);
    expect(codesOf(await login(unknown, 'definitely-wrong-2'))).toEqual(['LOGIN_FAILED']);

    const rows = await api.db.query<{ account_key: string; address_key: string; at: Date }>('select account_key, address_key, at from login_failure');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.account_key).toMatch(/^[0-9a-f]{64}$/);
      expect(row.address_key).toMatch(/^[0-9a-f]{64}$/);
    }
    const dump = JSON.stringify(await api.db.query('select * from login_failure'));
    expect(dump).not.toContain(customer.email);
    expect(dump).not.toContain(unknown);
    expect(dump).not.toContain('example.fi');
    expect(dump).not.toContain('127.0.0.1');
    expect(await tablesContaining(api, unknown)).toEqual([]);
  });

  it('§9.3 concurrent wrong passwords do not get more guesses than the limit (throttle check and failure record are not atomic)', async () => {
    const customer = await registerCustomer(api);
    const before = await api.db.query<{ n: number }>('select count(*)::int as n from login_failure');
    const results = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => login(customer.email, `parallel-wrong-${i}`)));
    const failed = results.filter((r) => codesOf(r)[0] === 'LOGIN_FAILED').length;
    const after = await api.db.query<{ n: number }>('select count(*)::int as n from login_failure');
    // Each LOGIN_FAILED is a password actually tried: at most LIMIT per window.
    expect(after[0].n - before[0].n).toBe(failed);
    expect(failed).toBeLessThanOrEqual(LIMIT);
  });
});

describe('§9.3 credentials at rest', () => {
  it('§9.3 the customer password is stored as argon2id (m=19456, t=2, p=1), salted per customer', async () => {
    const a = await registerCustomer(api);
    const b = await registerCustomer(api);
    const rows = await api.db.query<{ customer_id: string; password_hash: string }>(
      'select customer_id, password_hash from customer_credential where customer_id = any($1::uuid[])',
      [[a.customerId, b.customerId]],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.password_hash.startsWith(ARGON2ID_PREFIX)).toBe(true);
    // Same password, different hashes.
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
    expect(await tablesContaining(api, CUSTOMER_PASSWORD)).toEqual([]);
  });

  it('§9.3 session tokens are rks_ + 43 characters; the session table keeps only a 64-hex SHA-256 and the token appears nowhere in the database', async () => {
    const customer = await registerCustomer(api);
    const second = dataOf(await login(customer.email, customer.password), 'login').login!;
    for (const token of [customer.token, second.token]) {
      expect(token).toMatch(SESSION_TOKEN);
      expect(token).toHaveLength(47);
    }
    const rows = await api.db.query<{ token_hash: string; subject: string; customer_id: string; staff_id: string | null }>(
      'select token_hash, subject::text as subject, customer_id, staff_id from session where customer_id = $1 order by created_at',
      [customer.customerId],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.subject).toBe('CUSTOMER');
      expect(row.staff_id).toBeNull();
    }
    expect(rows.map((r) => r.token_hash).sort()).toEqual([hashToken(customer.token), hashToken(second.token)].sort());
    for (const token of [customer.token, second.token]) {
      expect(await tablesContaining(api, token)).toEqual([]);
      expect(await tablesContaining(api, token.slice('rks_'.length))).toEqual([]);
    }
  });
});

describe('§9.3 logout', () => {
  let customer: RegisteredCustomer;
  let other: RegisteredCustomer;
  beforeAll(async () => {
    customer = await registerCustomer(api);
    other = await registerCustomer(api);
  });

  const signIn = async (who: RegisteredCustomer) => dataOf(await login(who.email, who.password), 'login').login!.token;

  it('§9.3 logout ends only the session it was sent with', async () => {
    const phone = await signIn(customer);
    const laptop = await signIn(customer);

    const result = await api.withToken(phone).request(LogoutDocument);
    expect(dataOf(result, 'logout').logout).toBe(true);

    const afterwards = await api.withToken(phone).request(MeDocument);
    expect(afterwards.status).toBe(401);
    expect(afterwards.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(afterwards.data ?? null).toBeNull();

    // The customer's other sessions are untouched.
    for (const token of [customer.token, laptop]) {
      expect(dataOf(await api.withToken(token).request(MeDocument), 'me').me!.id).toBe(customer.customerId);
    }
    const [row] = await api.db.query<{ revoked_at: Date | null }>('select revoked_at from session where token_hash = $1', [hashToken(phone)]);
    expect(row.revoked_at).toBeInstanceOf(Date);
  });

  it('§9.3 logoutEverywhere ends every session of that customer and no one else’s', async () => {
    const tablet = await signIn(customer);
    const otherSession = await signIn(other);
    const open = await api.db.query<{ n: number }>('select count(*)::int as n from session where customer_id = $1 and revoked_at is null', [customer.customerId]);
    expect(open[0].n).toBeGreaterThanOrEqual(2);

    const result = await api.withToken(tablet).request(LogoutEverywhereDocument);
    expect(dataOf(result, 'logoutEverywhere').logoutEverywhere).toBe(open[0].n);

    for (const token of [customer.token, tablet]) {
      const refused = await api.withToken(token).request(MeDocument);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0].extensions?.reason).toBe('TOKEN_REVOKED');
    }
    const stillOpen = await api.db.query<{ n: number }>('select count(*)::int as n from session where customer_id = $1 and revoked_at is null', [customer.customerId]);
    expect(stillOpen[0].n).toBe(0);
    // Another customer's sessions are untouched.
    for (const token of [other.token, otherSession]) {
      expect(dataOf(await api.withToken(token).request(MeDocument), 'me').me!.id).toBe(other.customerId);
    }
    // Signing in again works.
    const fresh = await signIn(customer);
    expect(dataOf(await api.withToken(fresh).request(MeDocument), 'me').me!.id).toBe(customer.customerId);
  });

  it('§9.3 logout without a session answers UNAUTHENTICATED', async () => {
    expect(codesOf(await api.anonymous.request(LogoutDocument))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await api.anonymous.request(LogoutEverywhereDocument))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('§9.1 §9.2 a customer reaches only their own data', () => {
  it("§9.2 another customer's id answers NOT_FOUND exactly like a missing id", async () => {
    const me = await registerCustomer(api);
    const someoneElse = await registerCustomer(api);

    const own = dataOf(await me.client.request(MyProfileDocument, { id: me.customerId }), 'own profile').customer!;
    expect(own.email).toBe(me.email);

    const foreign = await me.client.request(MyProfileDocument, { id: someoneElse.customerId });
    const missing = await me.client.request(MyProfileDocument, { id: randomUUID() });
    const garbage = await me.client.request(MyProfileDocument, { id: 'not-a-uuid' });
    expect(foreign.data).toEqual({ customer: null });
    expect(refusal(foreign).extensions?.code).toBe('NOT_FOUND');
    expect(refusal(foreign)).toEqual(refusal(missing));
    // A malformed id is refused before any lookup (issue 10): it says nothing about who exists either.
    expect(refusal(garbage).extensions?.code).toBe('BAD_USER_INPUT');
    const body = JSON.stringify(foreign);
    for (const secret of [someoneElse.email, someoneElse.firstName, someoneElse.lastName]) expect(body).not.toContain(secret);
  });

  it('§9.2 a customer token cannot list customers (staff only)', async () => {
    const customer = await registerCustomer(api);
    const result = await customer.client.request(AdminCustomersDocument, { first: 1 });
    expect(codesOf(result)).toEqual(['FORBIDDEN']);
    expect(result.data?.customers ?? null).toBeNull();
  });

  it('§9.3 a customer whose account is no longer ACTIVE loses their sessions (TOKEN_REVOKED) and cannot sign in (LOGIN_FAILED)', async () => {
    const customer = await registerCustomer(api);
    await api.db.query(`update customer set status = 'CLOSED' where id = $1`, [customer.customerId]);
    const refused = await customer.client.request(MeDocument);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(codesOf(await login(customer.email, customer.password))).toEqual(['LOGIN_FAILED']);
  });
});
