import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT } from '../../src/modules/identity/identity.service';
import { LoginDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { codesOf, dataOf, registerCustomer, uniqueEmail, type RegisteredCustomer } from './identity-scenarios';

/*
 * §9.3 throttling per client address: one place trying many accounts (each
 * below the per-account limit) is stopped after ADDRESS_FAILURE_LIMIT
 * failures within its window. This suite has its own database, so its
 * failures do not disturb the other suites (all clients are 127.0.0.1).
 * The three tests run in order and build on each other (throttle, then the
 * advertised wait, then the full window) on one moving clock.
 */

const MINUTE = 60_000;
let offsetMs = 0;
const now = () => new Date(Date.now() + offsetMs);

let api: TestApi;
let customer: RegisteredCustomer;
beforeAll(async () => {
  api = await startTestApi({ now });
  customer = await registerCustomer(api);
}, 60_000);
afterAll(() => api.close());

const login = (email: string, password: string) => api.anonymous.request(LoginDocument, { email, password });

it(`§9.3 after ${ADDRESS_FAILURE_LIMIT.count} failures from one address within ${ADDRESS_FAILURE_LIMIT.windowMinutes} minutes, even a right password from it answers LOGIN_THROTTLED`, async () => {
  // Spread over many accounts, each well below the per-account limit.
  const perAccount = ACCOUNT_FAILURE_LIMIT.count - 1;
  let failures = 0;
  while (failures < ADDRESS_FAILURE_LIMIT.count) {
    const email = uniqueEmail('spray');
    const batch = Math.min(perAccount, ADDRESS_FAILURE_LIMIT.count - failures);
    const results = await Promise.all(Array.from({ length: batch }, (_, i) => login(email, `spray-password-${i}`)));
    for (const result of results) expect(codesOf(result)).toEqual(['LOGIN_FAILED']);
    failures += batch;
  }
  const throttled = await login(customer.email, customer.password);
  expect(codesOf(throttled)).toEqual(['LOGIN_THROTTLED']);
  expect(throttled.data?.login ?? null).toBeNull();
});

it('§9.3 the LOGIN_THROTTLED hint is honest: after retryAfterMinutes the right password works again (address throttle)', async () => {
  const throttled = await login(customer.email, customer.password);
  expect(codesOf(throttled)).toEqual(['LOGIN_THROTTLED']);
  const retryAfterMinutes = throttled.errors![0].extensions?.retryAfterMinutes as number;
  expect(typeof retryAfterMinutes).toBe('number');

  offsetMs += (retryAfterMinutes + 1) * MINUTE;
  try {
    const again = await login(customer.email, customer.password);
    expect(dataOf(again, 'login after the advertised wait').login!.customerId).toBe(customer.customerId);
  } finally {
    // Leave the clock past the address window for the next test.
    offsetMs += ADDRESS_FAILURE_LIMIT.windowMinutes * MINUTE;
  }
});

it(`§9.3 the address throttle lapses after ${ADDRESS_FAILURE_LIMIT.windowMinutes} minutes`, async () => {
  const session = dataOf(await login(customer.email, customer.password), 'login after the address window').login!;
  expect(session.customerId).toBe(customer.customerId);
});
