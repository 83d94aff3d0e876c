import { hashToken } from '../../src/core/auth/tokens';
import type { StaffRole } from '../../src/core/auth/principal';
import {
  AdminCustomersDocument,
  CreateStaffUserDocument,
  DeactivateStaffUserDocument,
  LogoutDocument,
  SetStaffRolesDocument,
  StaffLoginDocument,
  StaffUsersDocument,
  ViewerDocument,
} from '../generated/graphql';
import { startTestApi, type GraphQLClient, type TestApi } from '../support/api';
import {
  ARGON2ID_PREFIX,
  SESSION_TOKEN,
  STAFF_PASSWORD,
  codesOf,
  createStaffAccount,
  dataOf,
  expectOnlyError,
  partnerWithToken,
  registerCustomer,
  signedInStaff,
  staffSignIn,
  tablesContaining,
  uniqueEmail,
  type SignedInStaff,
} from './identity-scenarios';

/*
 * Staff users (§9.3 per-user credentials, passwords and access rights; §9.2
 * access only for those who need it): only an ADMIN manages staff; roles
 * and deactivation take effect on the very next request of the affected
 * user's existing session; passwords are argon2id.
 */

let api: TestApi;
let admin: SignedInStaff;
const NON_ADMIN_ROLES: StaffRole[] = ['CUSTOMER_SERVICE', 'MARKETING', 'ACCOUNTING', 'PRIVACY_OFFICER'];
const nonAdmins = new Map<StaffRole, SignedInStaff>();
let customerClient: GraphQLClient;
let partnerClient: GraphQLClient;

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInStaff(api, ['ADMIN']);
  for (const role of NON_ADMIN_ROLES) nonAdmins.set(role, await signedInStaff(api, [role]));
  customerClient = (await registerCustomer(api)).client;
  partnerClient = (await partnerWithToken(api, admin.token, 'LOGISTICS')).client;
}, 60_000);
afterAll(() => api.close());

async function staffRow(id: string) {
  const [row] = await api.db.query<{ email: string; roles: string[]; active: boolean; password_hash: string; last_login_at: Date | null }>(
    'select email, roles, active, password_hash, last_login_at from staff_user where id = $1',
    [id],
  );
  return row;
}

const staffCount = async () => (await api.db.query<{ n: number }>('select count(*)::int as n from staff_user'))[0].n;

describe('§9.3 staff sign-in', () => {
  it('§9.3 staffLogin with the right password answers a session token of that staff user; viewer shows the roles', async () => {
    const account = await createStaffAccount(api, ['CUSTOMER_SERVICE', 'PRIVACY_OFFICER']);
    const result = await api.anonymous.request(StaffLoginDocument, { email: account.email.toUpperCase(), password: account.password });
    const session = dataOf(result, 'staffLogin').staffLogin!;
    expect(session.staffId).toBe(account.id);
    expect(session.token).toMatch(SESSION_TOKEN);
    const viewer = dataOf(await api.withToken(session.token).request(ViewerDocument), 'viewer').viewer;
    expect(viewer).toEqual({ kind: 'STAFF', customerId: null, staffId: account.id, partnerId: null, roles: ['CUSTOMER_SERVICE', 'PRIVACY_OFFICER'], scopes: [] });
    const [row] = await api.db.query<{ subject: string; staff_id: string; customer_id: string | null }>(
      'select subject::text as subject, staff_id, customer_id from session where token_hash = $1',
      [hashToken(session.token)],
    );
    expect(row).toEqual({ subject: 'STAFF', staff_id: account.id, customer_id: null });
    expect((await staffRow(account.id)).last_login_at).toBeInstanceOf(Date);
    expect(await tablesContaining(api, session.token)).toEqual([]);
  });

  it('§9.3 a wrong staff password and an unknown staff e-mail answer the same LOGIN_FAILED', async () => {
    const account = await createStaffAccount(api, ['MARKETING']);
    const wrong = await api.anonymous.request(StaffLoginDocument, { email: account.email, password: 'not-the-password' });
    const unknown = await api.anonymous.request(StaffLoginDocument, { email: uniqueEmail('no-such-staff'), password: 'not-the-password' });
    expect(codesOf(wrong)).toEqual(['LOGIN_FAILED']);
    expect(unknown.errors).toEqual(wrong.errors);
  });

  it('§9.3 staff passwords are stored as argon2id (m=19456, t=2, p=1), never in clear', async () => {
    const account = await createStaffAccount(api, ['ACCOUNTING'], { password: 'a-unique-staff-password-1234' });
    const row = await staffRow(account.id);
    expect(row.password_hash.startsWith(ARGON2ID_PREFIX)).toBe(true);
    expect(await tablesContaining(api, 'a-unique-staff-password-1234')).toEqual([]);
    // The same password of two users hashes differently (salt).
    const twin = await createStaffAccount(api, ['ACCOUNTING'], { password: 'a-unique-staff-password-1234' });
    expect((await staffRow(twin.id)).password_hash).not.toBe(row.password_hash);
  });

  it('§9.3 staff logout ends that staff session only', async () => {
    const account = await createStaffAccount(api, ['CUSTOMER_SERVICE']);
    const first = await staffSignIn(api, account.email, account.password);
    const second = await staffSignIn(api, account.email, account.password);
    expect(dataOf(await api.withToken(first).request(LogoutDocument), 'logout').logout).toBe(true);
    const refused = await api.withToken(first).request(ViewerDocument);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(dataOf(await api.withToken(second).request(ViewerDocument), 'viewer').viewer.staffId).toBe(account.id);
  });
});

describe('§9.2 §9.3 only ADMIN manages staff', () => {
  it('§9.3 ADMIN creates a staff user over the API; the new user signs in with argon2id-hashed credentials', async () => {
    const email = uniqueEmail('new-cs');
    const created = await admin.client.request(CreateStaffUserDocument, {
      input: { email: `  ${email.toUpperCase()}`, displayName: 'Uusi Asiakaspalvelija', password: STAFF_PASSWORD, roles: ['CUSTOMER_SERVICE'] },
    });
    const user = dataOf(created, 'createStaffUser').createStaffUser!;
    expect(user).toMatchObject({ email, displayName: 'Uusi Asiakaspalvelija', roles: ['CUSTOMER_SERVICE'], active: true });
    expect((await staffRow(user.id)).password_hash.startsWith(ARGON2ID_PREFIX)).toBe(true);

    const token = await staffSignIn(api, email, STAFF_PASSWORD);
    expect(dataOf(await api.withToken(token).request(ViewerDocument), 'viewer').viewer).toMatchObject({ kind: 'STAFF', staffId: user.id, roles: ['CUSTOMER_SERVICE'] });

    const listed = dataOf(await admin.client.request(StaffUsersDocument), 'staffUsers').staffUsers!;
    expect(listed.find((u) => u.id === user.id)).toMatchObject({ email, active: true });
    expect(JSON.stringify(listed)).not.toContain('$argon2');
  });

  it('§9.3 a second staff user with the same e-mail is refused with STAFF_EMAIL_TAKEN; empty roles with BAD_USER_INPUT', async () => {
    const existing = await createStaffAccount(api, ['MARKETING']);
    const before = await staffCount();
    const duplicate = await admin.client.request(CreateStaffUserDocument, {
      input: { email: existing.email, displayName: 'Kaksoisolento', password: STAFF_PASSWORD, roles: ['ADMIN'] },
    });
    expect(expectOnlyError(duplicate, 'STAFF_EMAIL_TAKEN').extensions?.field).toBe('input.email');
    const noRoles = await admin.client.request(CreateStaffUserDocument, {
      input: { email: uniqueEmail('roleless'), displayName: 'Rooliton', password: STAFF_PASSWORD, roles: [] },
    });
    expect(expectOnlyError(noRoles, 'BAD_USER_INPUT').extensions?.field).toBe('input.roles');
    const weak = await admin.client.request(CreateStaffUserDocument, {
      input: { email: uniqueEmail('weak'), displayName: 'Heikko', password: 'short', roles: ['MARKETING'] },
    });
    expect(expectOnlyError(weak, 'BAD_USER_INPUT').extensions?.field).toBe('input.password');
    expect(await staffCount()).toBe(before);
  });

  it.each(NON_ADMIN_ROLES)('§9.2 %s cannot create, re-role, deactivate or list staff (FORBIDDEN) and nothing changes', async (role) => {
    const caller = nonAdmins.get(role)!;
    const target = await createStaffAccount(api, ['MARKETING']);
    const before = await staffCount();

    const create = await caller.client.request(CreateStaffUserDocument, {
      input: { email: uniqueEmail('sneaky'), displayName: 'Salainen Admin', password: STAFF_PASSWORD, roles: ['ADMIN'] },
    });
    expect(create.data?.createStaffUser ?? null).toBeNull();
    expectOnlyError(create, 'FORBIDDEN', ['createStaffUser']);

    // Not even for themself: no one grants themself ADMIN.
    for (const staffId of [target.id, caller.id]) {
      const reRole = await caller.client.request(SetStaffRolesDocument, { staffId, roles: ['ADMIN'] });
      expectOnlyError(reRole, 'FORBIDDEN', ['setStaffRoles']);
    }
    expectOnlyError(await caller.client.request(DeactivateStaffUserDocument, { staffId: target.id }), 'FORBIDDEN', ['deactivateStaffUser']);
    const list = await caller.client.request(StaffUsersDocument);
    expectOnlyError(list, 'FORBIDDEN', ['staffUsers']);
    expect(list.data?.staffUsers ?? null).toBeNull();

    expect(await staffCount()).toBe(before);
    expect(await staffRow(target.id)).toMatchObject({ roles: ['MARKETING'], active: true });
    expect((await staffRow(caller.id)).roles).toEqual([role]);
  });

  it('§9.3 anonymous callers get UNAUTHENTICATED; customer and partner tokens get FORBIDDEN', async () => {
    const target = await createStaffAccount(api, ['MARKETING']);
    const input = { email: uniqueEmail('anon'), displayName: 'Anonyymi', password: STAFF_PASSWORD, roles: ['ADMIN' as const] };
    const cases: [GraphQLClient, string][] = [
      [api.anonymous, 'UNAUTHENTICATED'],
      [customerClient, 'FORBIDDEN'],
      [partnerClient, 'FORBIDDEN'],
    ];
    for (const [client, code] of cases) {
      expect(codesOf(await client.request(CreateStaffUserDocument, { input }))).toEqual([code]);
      expect(codesOf(await client.request(SetStaffRolesDocument, { staffId: target.id, roles: ['ADMIN'] }))).toEqual([code]);
      expect(codesOf(await client.request(DeactivateStaffUserDocument, { staffId: target.id }))).toEqual([code]);
      expect(codesOf(await client.request(StaffUsersDocument))).toEqual([code]);
    }
    expect(await api.db.query('select 1 from staff_user where email = $1', [input.email])).toHaveLength(0);
    expect(await staffRow(target.id)).toMatchObject({ roles: ['MARKETING'], active: true });
  });

  it('§9.3 the password hash is not part of the API at all', async () => {
    const result = await admin.client.raw('{ staffUsers { id passwordHash } }');
    expect(result.status).toBe(400);
    expect(codesOf(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});

describe('§9.2 role changes and deactivation take effect on the very next request', () => {
  it('§9.2 setStaffRoles by ADMIN changes what the user’s EXISTING session may do at once', async () => {
    const user = await signedInStaff(api, ['CUSTOMER_SERVICE']);
    dataOf(await user.client.request(AdminCustomersDocument, { first: 1 }), 'customers as CUSTOMER_SERVICE');

    const changed = dataOf(await admin.client.request(SetStaffRolesDocument, { staffId: user.id, roles: ['ACCOUNTING'] }), 'setStaffRoles').setStaffRoles!;
    expect(changed.roles).toEqual(['ACCOUNTING']);
    expect(dataOf(await user.client.request(ViewerDocument), 'viewer').viewer.roles).toEqual(['ACCOUNTING']);
    expect(codesOf(await user.client.request(AdminCustomersDocument, { first: 1 }))).toEqual(['FORBIDDEN']);
  });

  it('§9.3 an ADMIN cannot remove their own ADMIN role or deactivate themself (STAFF_SELF_LOCKOUT)', async () => {
    const self = await signedInStaff(api, ['ADMIN']);
    expect(expectOnlyError(await self.client.request(SetStaffRolesDocument, { staffId: self.id, roles: ['CUSTOMER_SERVICE'] }), 'STAFF_SELF_LOCKOUT').extensions?.field).toBe(
      'roles',
    );
    expectOnlyError(await self.client.request(DeactivateStaffUserDocument, { staffId: self.id }), 'STAFF_SELF_LOCKOUT');
    expect(await staffRow(self.id)).toMatchObject({ roles: ['ADMIN'], active: true });
  });

  it('§9.3 a deactivated staff user’s tokens are refused on the very next request (TOKEN_REVOKED) and they cannot sign in again', async () => {
    const user = await signedInStaff(api, ['CUSTOMER_SERVICE']);
    const secondDevice = await staffSignIn(api, user.email, user.password);
    dataOf(await user.client.request(AdminCustomersDocument, { first: 1 }), 'customers before deactivation');

    const result = dataOf(await admin.client.request(DeactivateStaffUserDocument, { staffId: user.id }), 'deactivate').deactivateStaffUser!;
    expect(result).toEqual({ id: user.id, active: false });

    for (const token of [user.token, secondDevice]) {
      const refused = await api.withToken(token).request(AdminCustomersDocument, { first: 1 });
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(refused.data ?? null).toBeNull();
    }
    const open = await api.db.query('select 1 from session where staff_id = $1 and revoked_at is null', [user.id]);
    expect(open).toHaveLength(0);

    const again = await api.anonymous.request(StaffLoginDocument, { email: user.email, password: user.password });
    const unknown = await api.anonymous.request(StaffLoginDocument, { email: uniqueEmail('never-existed'), password: user.password });
    expect(codesOf(again)).toEqual(['LOGIN_FAILED']);
    expect(again.errors).toEqual(unknown.errors);
    expect((await staffRow(user.id)).active).toBe(false);
  });

  it('§9.3 unknown staff ids answer NOT_FOUND to the admin', async () => {
    expectOnlyError(await admin.client.request(DeactivateStaffUserDocument, { staffId: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    expectOnlyError(await admin.client.request(SetStaffRolesDocument, { staffId: '00000000-0000-4000-8000-000000000001', roles: ['MARKETING'] }), 'NOT_FOUND');
    // A malformed id is bad input, refused before SQL (issue 10).
    expectOnlyError(await admin.client.request(SetStaffRolesDocument, { staffId: 'not-a-uuid', roles: ['MARKETING'] }), 'BAD_USER_INPUT');
  });
});
