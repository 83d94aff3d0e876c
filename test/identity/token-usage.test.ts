import { startTestApi, type TestApi } from '../support/api';
import { partnerWithToken, signedInStaff } from './identity-scenarios';

/**
 * Operators spot unused partner tokens by their last use (§7.4: only what the
 * service needs — a token nobody uses should be revoked). The time is written
 * at most once a minute, not on every request.
 */
let api: TestApi;
let clock = new Date('2026-03-01T10:00:00Z');

beforeAll(async () => {
  api = await startTestApi({ now: () => clock });
});
afterAll(() => api.close());

it('records when a partner token was last used, to the minute', async () => {
  const admin = await signedInStaff(api, ['ADMIN']);
  const courier = await partnerWithToken(api, admin.token, 'LOGISTICS');
  const lastUsed = async () => (await api.db.query<{ last_used_at: Date | null }>('select last_used_at from partner_token where id = $1', [courier.tokenId]))[0].last_used_at;

  expect(await lastUsed()).toBeNull();
  await courier.client.raw('{ deliveryOrders(first: 1) { nodes { id } } }');
  expect((await lastUsed())?.toISOString()).toBe(clock.toISOString());

  const first = clock;
  clock = new Date(first.getTime() + 30_000);
  await courier.client.raw('{ deliveryOrders(first: 1) { nodes { id } } }');
  expect((await lastUsed())?.toISOString()).toBe(first.toISOString());

  clock = new Date(first.getTime() + 61_000);
  await courier.client.raw('{ deliveryOrders(first: 1) { nodes { id } } }');
  expect((await lastUsed())?.toISOString()).toBe(clock.toISOString());

  const listed = await admin.client.raw<{ partners: { id: string; tokens: { id: string; lastUsedAt: string | null }[] }[] }>('{ partners { id tokens { id lastUsedAt } } }');
  const token = listed.data!.partners.flatMap((p) => p.tokens).find((t) => t.id === courier.tokenId);
  expect(token?.lastUsedAt).toBe(clock.toISOString());
});
