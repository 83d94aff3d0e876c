import { TEST_SETTINGS } from '../support/test-env';
import { ACCOUNT_FAILURE_LIMIT } from '../../src/modules/identity/identity.service';
import { LoginDocument, MeDocument, StaffUsersDocument, ViewerDocument } from '../generated/graphql';
import { startTestApi, type GraphQLResult, type TestApi } from '../support/api';
import { codesOf, dataOf, issuePartnerToken, registerCustomer, registerPartner, signedInStaff } from './identity-scenarios';

/*
 * Lifetimes on the application's own clock (§9.3, §4.2 "only as long as the
 * purpose requires"): the server is started with a clock the test moves, so
 * customer sessions end after customerSessionHours, staff sessions after
 * staffSessionHours, partner tokens after expiresInDays, and the sign-in
 * throttle window lapses after its minutes.
 */

let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);
const advance = (ms: number) => {
  offsetMs += ms;
};
const HOUR = 3_600_000;
const MINUTE = 60_000;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now });
}, 60_000);
afterAll(() => api.close());

function expectRefusedWith(result: GraphQLResult<unknown>, reason: string) {
  expect(result.status).toBe(401);
  expect(result.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  expect(result.data ?? null).toBeNull();
}

it(`§9.3 a customer session lasts ${TEST_SETTINGS.customerSessionHours} h on the server clock, then answers TOKEN_EXPIRED`, async () => {
  const start = now().getTime();
  const customer = await registerCustomer(api);
  const expiresAt = new Date(customer.expiresAt).getTime();
  expect(Math.abs(expiresAt - (start + TEST_SETTINGS.customerSessionHours * HOUR))).toBeLessThan(MINUTE);

  advance(TEST_SETTINGS.customerSessionHours * HOUR - 5 * MINUTE);
  expect(dataOf(await customer.client.request(MeDocument), 'me before expiry').me!.id).toBe(customer.customerId);

  advance(10 * MINUTE);
  expectRefusedWith(await customer.client.request(MeDocument), 'TOKEN_EXPIRED');
  // Signing in again gives a fresh session.
  const fresh = dataOf(await api.anonymous.request(LoginDocument, { email: customer.email, password: customer.password }), 'login').login!;
  expect(dataOf(await api.withToken(fresh.token).request(MeDocument), 'me').me!.id).toBe(customer.customerId);
});

it(`§9.3 a staff session lasts ${TEST_SETTINGS.staffSessionHours} h, then answers TOKEN_EXPIRED`, async () => {
  const admin = await signedInStaff(api, ['ADMIN']);
  advance(TEST_SETTINGS.staffSessionHours * HOUR - 5 * MINUTE);
  expect(dataOf(await admin.client.request(StaffUsersDocument), 'staffUsers').staffUsers!.length).toBeGreaterThan(0);
  advance(10 * MINUTE);
  expectRefusedWith(await admin.client.request(StaffUsersDocument), 'TOKEN_EXPIRED');
});

it('§9.3 §7.4 a partner token works until expiresInDays have passed, then answers TOKEN_EXPIRED', async () => {
  const admin = await signedInStaff(api, ['ADMIN']);
  const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
  const { token } = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_DELIVERY'], 2);
  const client = api.withToken(token);

  advance(2 * 24 * HOUR - 5 * MINUTE);
  expect(dataOf(await client.request(ViewerDocument), 'viewer').viewer).toMatchObject({ kind: 'PARTNER', partnerId: partner.id });
  advance(10 * MINUTE);
  expectRefusedWith(await client.request(ViewerDocument), 'TOKEN_EXPIRED');
});

it(`§9.3 the sign-in throttle lapses ${ACCOUNT_FAILURE_LIMIT.windowMinutes} minutes after the failures`, async () => {
  const customer = await registerCustomer(api);
  const login = (password: string) => api.anonymous.request(LoginDocument, { email: customer.email, password });
  for (let i = 0; i < ACCOUNT_FAILURE_LIMIT.count; i++) expect(codesOf(await login(`wrong-password-${i}`))).toEqual(['LOGIN_FAILED']);
  expect(codesOf(await login(customer.password))).toEqual(['LOGIN_THROTTLED']);

  advance((ACCOUNT_FAILURE_LIMIT.windowMinutes - 1) * MINUTE);
  expect(codesOf(await login(customer.password))).toEqual(['LOGIN_THROTTLED']);

  advance(2 * MINUTE);
  const session = dataOf(await login(customer.password), 'login after the window').login!;
  expect(session.customerId).toBe(customer.customerId);
});
