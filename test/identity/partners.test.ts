import { randomUUID } from 'node:crypto';
import { hashToken } from '../../src/core/auth/tokens';
import {
  IssuePartnerTokenDocument,
  PartnersDocument,
  RegisterPartnerDocument,
  RevokePartnerTokenDocument,
  ViewerDocument,
  type PartnerKind,
  type PartnerScope,
} from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import {
  PARTNER_TOKEN,
  codesOf,
  dataOf,
  expectOnlyError,
  issuePartnerToken,
  registerCustomer,
  registerPartner,
  signedInStaff,
  tablesContaining,
  uniqueName,
  type SignedInStaff,
} from './identity-scenarios';

/*
 * The processor register and partner tokens (§7.2 contracts, §7.4 only what
 * the service needs, §7.6 nothing outside the EU/EEA, §9.3 credentials):
 * only an ADMIN registers partners and issues or revokes their tokens; a
 * token's secret is shown once and stored only as a hash; its scopes must
 * fit the partner's kind; revocation and expiry bite on the next request.
 */

let api: TestApi;
let admin: SignedInStaff;
let privacyOfficer: SignedInStaff;
let customerService: SignedInStaff;

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInStaff(api, ['ADMIN']);
  privacyOfficer = await signedInStaff(api, ['PRIVACY_OFFICER']);
  customerService = await signedInStaff(api, ['CUSTOMER_SERVICE']);
}, 60_000);
afterAll(() => api.close());

const counts = async () =>
  (await api.db.query<{ partners: number; tokens: number }>('select (select count(*) from partner)::int as partners, (select count(*) from partner_token)::int as tokens'))[0];

const register = (token: string, input: { name?: string; kind: PartnerKind; countryCode: string; contractReference?: string }) =>
  api.withToken(token).request(RegisterPartnerDocument, {
    input: { name: input.name ?? uniqueName('Kumppani Oy'), kind: input.kind, countryCode: input.countryCode, contractReference: input.contractReference ?? 'DPA-1' },
  });

const issue = (token: string, partnerId: string, scopes: PartnerScope[], expiresInDays = 30) =>
  api.withToken(token).request(IssuePartnerTokenDocument, { input: { partnerId, scopes, expiresInDays } });

describe('§7.2 §7.6 the processor register', () => {
  it('§7.2 ADMIN registers a partner with its kind, country and data-processing agreement', async () => {
    const name = uniqueName('Posti Oy');
    const result = await register(admin.token, { name, kind: 'LOGISTICS', countryCode: 'fi', contractReference: 'DPA-2024-017' });
    const partner = dataOf(result, 'registerPartner').registerPartner!;
    expect(partner).toMatchObject({ name, kind: 'LOGISTICS', countryCode: 'FI', contractReference: 'DPA-2024-017', active: true });
    const [row] = await api.db.query<{ name: string; kind: string; country_code: string }>('select name, kind::text as kind, country_code from partner where id = $1', [
      partner.id,
    ]);
    expect(row).toEqual({ name, kind: 'LOGISTICS', country_code: 'FI' });
  });

  it.each(['US', 'GB', 'CH', 'CN'])('§7.6 a partner in %s (outside the EU/EEA) is refused with PARTNER_OUTSIDE_EEA and nothing is written', async (country) => {
    const before = await counts();
    const name = uniqueName(`Offshore ${country}`);
    const result = await register(admin.token, { name, kind: 'IT', countryCode: country });
    expect(result.data?.registerPartner ?? null).toBeNull();
    const error = expectOnlyError(result, 'PARTNER_OUTSIDE_EEA', ['registerPartner']);
    expect(error.extensions?.field).toBe('input.countryCode');
    expect(await counts()).toEqual(before);
    expect(await api.db.query('select 1 from partner where name = $1', [name])).toHaveLength(0);
  });

  it.each(['NO', 'IS', 'LI', 'SE', 'DE', 'EE'])('§7.6 a partner in %s (EU/EEA) is accepted', async (country) => {
    const partner = dataOf(await register(admin.token, { kind: 'ACCOUNTING', countryCode: country }), 'registerPartner').registerPartner!;
    expect(partner.countryCode).toBe(country);
  });

  it('§7.2 a partner name is registered once (PARTNER_NAME_TAKEN)', async () => {
    const name = uniqueName('Kirjanpito Oy');
    dataOf(await register(admin.token, { name, kind: 'ACCOUNTING', countryCode: 'FI' }), 'first');
    expectOnlyError(await register(admin.token, { name, kind: 'ACCOUNTING', countryCode: 'FI' }), 'PARTNER_NAME_TAKEN');
  });

  it('§9.2 only ADMIN registers partners: other staff FORBIDDEN, customers FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const before = await counts();
    const customer = await registerCustomer(api);
    for (const [token, code] of [
      [privacyOfficer.token, 'FORBIDDEN'],
      [customerService.token, 'FORBIDDEN'],
      [customer.token, 'FORBIDDEN'],
    ] as const) {
      expect(codesOf(await register(token, { kind: 'LOGISTICS', countryCode: 'FI' }))).toEqual([code]);
    }
    const anonymous = await api.anonymous.request(RegisterPartnerDocument, { input: { name: 'Anonyymi Oy', kind: 'LOGISTICS', countryCode: 'FI', contractReference: 'x' } });
    expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(await counts()).toEqual(before);
  });

  it('§7.2 the PRIVACY_OFFICER reads the register but not the partners’ tokens; customer service reads neither', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    const { tokenId } = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_DELIVERY']);

    const asAdmin = dataOf(await admin.client.request(PartnersDocument), 'partners as admin').partners!;
    expect(asAdmin.find((p) => p.id === partner.id)?.tokens?.map((t) => t.id)).toEqual([tokenId]);

    const asOfficer = await privacyOfficer.client.request(PartnersDocument);
    const seen = asOfficer.data?.partners?.find((p) => p.id === partner.id);
    expect(seen).toMatchObject({ id: partner.id, name: partner.name, kind: 'LOGISTICS', countryCode: 'FI' });
    expect(seen?.tokens ?? null).toBeNull();
    expect(new Set(codesOf(asOfficer))).toEqual(new Set(['FORBIDDEN']));
    expect(JSON.stringify(asOfficer)).not.toContain(tokenId);

    const asCustomerService = await customerService.client.request(PartnersDocument);
    expectOnlyError(asCustomerService, 'FORBIDDEN', ['partners']);
  });
});

describe('§7.4 §9.3 partner tokens', () => {
  it('§9.3 issuePartnerToken answers rk_ + 49 characters once; partner_token keeps only its SHA-256 and the secret appears nowhere in the database', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    const issued = dataOf(await issue(admin.token, partner.id, ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS'], 90), 'issue').issuePartnerToken!;
    expect(issued.token).toMatch(PARTNER_TOKEN);
    expect(issued.info.scopes.sort()).toEqual(['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS']);
    expect(issued.info.displayPrefix.startsWith(issued.token.slice(0, 9))).toBe(true);
    const days = (new Date(issued.info.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);

    const rows = await api.db.query<{ token_hash: string; scopes: string[]; created_by: string }>(
      'select token_hash, scopes, created_by from partner_token where partner_id = $1',
      [partner.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).toBe(hashToken(issued.token));
    expect(rows[0].created_by).toBe(admin.id);
    expect(await tablesContaining(api, issued.token)).toEqual([]);
    expect(await tablesContaining(api, issued.token.slice('rk_'.length))).toEqual([]);
    // The secret is never shown again.
    const listed = JSON.stringify(await admin.client.request(PartnersDocument));
    expect(listed).toContain(issued.info.id);
    expect(listed).not.toContain(issued.token);

    const viewer = dataOf(await api.withToken(issued.token).request(ViewerDocument), 'viewer').viewer;
    expect(viewer).toEqual({
      kind: 'PARTNER',
      customerId: null,
      staffId: null,
      partnerId: partner.id,
      roles: [],
      scopes: expect.arrayContaining(['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS']),
    });
  });

  it.each<[PartnerKind, PartnerScope[]]>([
    ['LOGISTICS', ['ORDERS_ACCOUNTING']],
    ['LOGISTICS', ['ORDERS_DELIVERY', 'ORDERS_ACCOUNTING']],
    ['ACCOUNTING', ['ORDERS_DELIVERY']],
    ['ACCOUNTING', ['ORDERS_DELIVERY_STATUS']],
    ['PAYMENT', ['ORDERS_ACCOUNTING']],
    ['PAYMENT', ['ORDERS_DELIVERY']],
    ['IT', ['ORDERS_DELIVERY']],
    ['IT', ['ORDERS_ACCOUNTING']],
  ])('§7.4 a %s partner cannot hold %j: PARTNER_SCOPE_NOT_ALLOWED and no token is written', async (kind, scopes) => {
    const partner = await registerPartner(api, admin.token, { kind });
    const before = await counts();
    const result = await issue(admin.token, partner.id, scopes);
    expect(result.data?.issuePartnerToken ?? null).toBeNull();
    expect(expectOnlyError(result, 'PARTNER_SCOPE_NOT_ALLOWED').extensions?.field).toBe('input.scopes');
    expect(await counts()).toEqual(before);
  });

  it('§7.4 the scopes a kind may hold are issued: ACCOUNTING gets ORDERS_ACCOUNTING, LOGISTICS gets delivery scopes', async () => {
    const accounting = await registerPartner(api, admin.token, { kind: 'ACCOUNTING' });
    expect(dataOf(await issue(admin.token, accounting.id, ['ORDERS_ACCOUNTING']), 'issue').issuePartnerToken!.info.scopes).toEqual(['ORDERS_ACCOUNTING']);
    const logistics = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    expect(dataOf(await issue(admin.token, logistics.id, ['ORDERS_DELIVERY']), 'issue').issuePartnerToken!.info.scopes).toEqual(['ORDERS_DELIVERY']);
  });

  it('§7.4 a token needs at least one scope and a lifetime of 1–365 days', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    const before = await counts();
    expect(expectOnlyError(await issue(admin.token, partner.id, []), 'BAD_USER_INPUT').extensions?.field).toBe('input.scopes');
    expect(expectOnlyError(await issue(admin.token, partner.id, ['ORDERS_DELIVERY'], 0), 'BAD_USER_INPUT').extensions?.field).toBe('input.expiresInDays');
    expect(expectOnlyError(await issue(admin.token, partner.id, ['ORDERS_DELIVERY'], 366), 'BAD_USER_INPUT').extensions?.field).toBe('input.expiresInDays');
    expectOnlyError(await issue(admin.token, randomUUID(), ['ORDERS_DELIVERY']), 'NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  it('§7.6 no token is issued to a partner whose country is (no longer) inside the EU/EEA', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    await api.db.query(`update partner set country_code = 'GB' where id = $1`, [partner.id]);
    const before = await counts();
    expectOnlyError(await issue(admin.token, partner.id, ['ORDERS_DELIVERY']), 'PARTNER_OUTSIDE_EEA');
    expect(await counts()).toEqual(before);
  });

  it('§9.2 only ADMIN issues and revokes partner tokens', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    const { token, tokenId } = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_DELIVERY']);
    const before = await counts();
    for (const caller of [privacyOfficer, customerService]) {
      expectOnlyError(await issue(caller.token, partner.id, ['ORDERS_DELIVERY']), 'FORBIDDEN', ['issuePartnerToken']);
      expectOnlyError(await caller.client.request(RevokePartnerTokenDocument, { tokenId }), 'FORBIDDEN', ['revokePartnerToken']);
    }
    // A partner cannot mint or revoke tokens with its own token either.
    expectOnlyError(await issue(token, partner.id, ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS']), 'FORBIDDEN');
    expectOnlyError(await api.withToken(token).request(RevokePartnerTokenDocument, { tokenId }), 'FORBIDDEN');
    expect(codesOf(await api.anonymous.request(RevokePartnerTokenDocument, { tokenId }))).toEqual(['UNAUTHENTICATED']);
    expect(await counts()).toEqual(before);
    expect((await api.db.query<{ revoked_at: Date | null }>('select revoked_at from partner_token where id = $1', [tokenId]))[0].revoked_at).toBeNull();
  });

  it('§9.3 a revoked partner token fails on its very next request (TOKEN_REVOKED); the partner’s other tokens keep working', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    const first = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_DELIVERY']);
    const second = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_DELIVERY']);
    expect(dataOf(await api.withToken(first.token).request(ViewerDocument), 'viewer').viewer.kind).toBe('PARTNER');

    const revoked = dataOf(await admin.client.request(RevokePartnerTokenDocument, { tokenId: first.tokenId }), 'revoke').revokePartnerToken!;
    expect(revoked.id).toBe(first.tokenId);
    expect(revoked.revokedAt).not.toBeNull();

    const refused = await api.withToken(first.token).request(ViewerDocument);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expect(dataOf(await api.withToken(second.token).request(ViewerDocument), 'viewer').viewer.partnerId).toBe(partner.id);
    expectOnlyError(await admin.client.request(RevokePartnerTokenDocument, { tokenId: randomUUID() }), 'NOT_FOUND');
  });

  it('§9.3 an expired partner token answers TOKEN_EXPIRED', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'ACCOUNTING' });
    const { token, tokenId } = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_ACCOUNTING']);
    await api.db.query(`update partner_token set expires_at = now() - interval '1 second' where id = $1`, [tokenId]);
    const refused = await api.withToken(token).request(ViewerDocument);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  it('§7.2 when a partner is deactivated, its tokens are refused (TOKEN_REVOKED) and no new token is issued (PARTNER_INACTIVE)', async () => {
    const partner = await registerPartner(api, admin.token, { kind: 'LOGISTICS' });
    const { token } = await issuePartnerToken(api, admin.token, partner.id, ['ORDERS_DELIVERY']);
    await api.db.query('update partner set active = false where id = $1', [partner.id]);
    const refused = await api.withToken(token).request(ViewerDocument);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    expectOnlyError(await issue(admin.token, partner.id, ['ORDERS_DELIVERY']), 'PARTNER_INACTIVE');
  });
});
