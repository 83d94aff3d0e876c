import {
  BanDirectMarketingDocument,
  LiftMarketingBanDocument,
  LoginAsVisitorDocument,
  MarketingEmailHeadersDocument,
  MyConsentsAndRestrictionsDocument,
  ObjectToProcessingDocument,
  PrivacyRequestsDocument,
  RecordConsentDocument,
  RecordCookieChoicesDocument,
  RecordDirectMarketingBanDocument,
  SetMyConsentsDocument,
  WithdrawMyConsentDocument,
  type ConsentPurpose,
} from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import {
  allConsentRows,
  codesOf,
  consentRows,
  currentNoticeVersion,
  dataOf,
  expectOnlyError,
  marketingAudience,
  newestPerPurpose,
  newVisitorId,
  recordedRequest,
  registerShopper,
  staffMember,
  verifiedRequest,
  visitorRows,
  writeCounts,
  type ConsentRow,
  type Shopper,
  type StaffMember,
} from './consent-scenarios';

/*
 * Consents (§4.1 marketing permissions and prohibitions, §8.10 withdrawal,
 * §10 cookies, §11 the statement version each choice is made under), the
 * direct-marketing ban (§8.4) and objection (§8.3). The history is
 * append-only: every choice is a new consent_event row, and the current state
 * of a purpose is its newest row.
 */

const MARKETING_PURPOSES: ConsentPurpose[] = ['EMAIL_MARKETING', 'SMS_MARKETING', 'PHONE_MARKETING', 'POST_MARKETING'];

let api: TestApi;
let customerService: StaffMember;
let marketing: StaffMember;
let privacyOfficer: StaffMember;
let noticeVersion: string;

beforeAll(async () => {
  api = await startTestApi();
  customerService = staffMember(api, 'CUSTOMER_SERVICE');
  marketing = staffMember(api, 'MARKETING');
  privacyOfficer = staffMember(api, 'PRIVACY_OFFICER');
  noticeVersion = await currentNoticeVersion(api);
}, 60_000);
afterAll(() => api.close());

/** The customer's consents as the storefront shows them: purpose → granted. */
async function myConsentState(shopper: Shopper): Promise<Record<string, boolean>> {
  const me = dataOf(await shopper.client.request(MyConsentsAndRestrictionsDocument), 'me').me!;
  return Object.fromEntries(me.consents!.map((c) => [c.purpose, c.granted!]));
}

/** Rows added since `before` (the history only grows). */
function added(before: readonly ConsentRow[], after: readonly ConsentRow[]): ConsentRow[] {
  const known = new Set(before.map((r) => r.id));
  return after.filter((r) => !known.has(r.id));
}

describe('§4.1 §8.10 §11 giving and withdrawing consents (setMyConsents, withdrawMyConsent)', () => {
  let aino: Shopper;
  let history: ConsentRow[] = [];

  beforeAll(async () => {
    aino = await registerShopper(api, { consents: [] });
  });

  it('§4.1 no entry means no permission: a customer who ticked nothing has every purpose off', async () => {
    expect(await consentRows(api, aino.customerId)).toEqual([]);
    const state = await myConsentState(aino);
    expect(Object.values(state).every((granted) => granted === false)).toBe(true);
    expect(Object.keys(state).sort()).toEqual([...MARKETING_PURPOSES, 'MARKETING_COOKIES', 'STATISTICS_COOKIES'].sort());
  });

  it('§4.1 §11 setMyConsents grants: one new row per choice, under the statement version shown', async () => {
    const result = await aino.client.request(SetMyConsentsDocument, {
      choices: [
        { purpose: 'EMAIL_MARKETING', granted: true },
        { purpose: 'SMS_MARKETING', granted: true },
      ],
      noticeVersion,
    });
    const states = dataOf(result, 'setMyConsents').setMyConsents!;
    expect(states.find((s) => s.purpose === 'EMAIL_MARKETING')).toMatchObject({ granted: true, noticeVersion });
    expect(states.find((s) => s.purpose === 'SMS_MARKETING')).toMatchObject({ granted: true, noticeVersion });
    history = await consentRows(api, aino.customerId);
    expect(history).toHaveLength(2);
    for (const row of history) {
      expect(row).toMatchObject({
        customer_id: aino.customerId,
        visitor_id: null,
        granted: true,
        actor_kind: 'CUSTOMER',
        actor_id: aino.customerId,
        notice_version: noticeVersion,
      });
    }
    expect(history.map((r) => r.purpose).sort()).toEqual(['EMAIL_MARKETING', 'SMS_MARKETING']);
  });

  it('§11 an unknown statement version → BAD_USER_INPUT on noticeVersion and nothing written', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(
      await aino.client.request(SetMyConsentsDocument, { choices: [{ purpose: 'POST_MARKETING', granted: true }], noticeVersion: '1999-01-01' }),
      'BAD_USER_INPUT',
      'noticeVersion',
    );
    expect(await writeCounts(api)).toEqual(counts);
  });

  it('§8.10 setMyConsents withdraws: a new row; the older rows stay exactly as they were (append-only)', async () => {
    const result = await aino.client.request(SetMyConsentsDocument, { choices: [{ purpose: 'SMS_MARKETING', granted: false }] });
    expect(dataOf(result, 'setMyConsents').setMyConsents!.find((s) => s.purpose === 'SMS_MARKETING')!.granted).toBe(false);
    const after = await consentRows(api, aino.customerId);
    const fresh = added(history, after);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ purpose: 'SMS_MARKETING', granted: false, actor_kind: 'CUSTOMER', notice_version: noticeVersion });
    // Old rows unchanged, field by field.
    expect(after.filter((r) => history.some((h) => h.id === r.id))).toEqual(history);
    history = after;
  });

  it('§8.10 withdrawMyConsent withdraws in one call, as easily as it was given', async () => {
    const result = await aino.client.request(WithdrawMyConsentDocument, { purpose: 'EMAIL_MARKETING' });
    expect(dataOf(result, 'withdrawMyConsent').withdrawMyConsent!.find((s) => s.purpose === 'EMAIL_MARKETING')!.granted).toBe(false);
    const after = await consentRows(api, aino.customerId);
    const fresh = added(history, after);
    expect(fresh).toEqual([expect.objectContaining({ purpose: 'EMAIL_MARKETING', granted: false, actor_kind: 'CUSTOMER', notice_version: noticeVersion })]);
    expect(after.filter((r) => history.some((h) => h.id === r.id))).toEqual(history);
    history = after;
  });

  it('§4.1 §11 the current state is the newest entry of each purpose; consentHistory lists every entry, oldest first', async () => {
    // Give e-mail again: the newest entry (granted) wins over the older withdrawal.
    dataOf(await aino.client.request(SetMyConsentsDocument, { choices: [{ purpose: 'EMAIL_MARKETING', granted: true }] }), 'setMyConsents');
    const rows = await consentRows(api, aino.customerId);
    expect(rows).toHaveLength(5);
    const derived = newestPerPurpose(rows);
    expect(derived).toEqual({ EMAIL_MARKETING: true, SMS_MARKETING: false });
    const me = dataOf(await aino.client.request(MyConsentsAndRestrictionsDocument), 'me').me!;
    for (const state of me.consents!) expect(state.granted).toBe(derived[state.purpose] ?? false);
    expect(me.consents!.find((c) => c.purpose === 'EMAIL_MARKETING')!.since).toBe(rows.at(-1)!.occurred_at.toISOString());
    expect(me.consentHistory!.map((e) => [e.purpose, e.granted])).toEqual(rows.map((r) => [r.purpose, r.granted]));
    expect(me.consentHistory!.every((e) => e.noticeVersion === noticeVersion)).toBe(true);
  });

  it('§4.1 giving the same purpose twice in one call → BAD_USER_INPUT and nothing written', async () => {
    const counts = await writeCounts(api);
    const result = await aino.client.request(SetMyConsentsDocument, {
      choices: [
        { purpose: 'POST_MARKETING', granted: true },
        { purpose: 'POST_MARKETING', granted: false },
      ],
    });
    expectOnlyError(result, 'BAD_USER_INPUT', 'choices.1');
    expect(await writeCounts(api)).toEqual(counts);
  });
});

describe('§8.4 the direct-marketing ban', () => {
  let eero: Shopper;
  let beforeBan: ConsentRow[];

  beforeAll(async () => {
    eero = await registerShopper(api, { consents: ['EMAIL_MARKETING', 'SMS_MARKETING', 'STATISTICS_COOKIES'] });
  });

  it('before: the consenting customer is in the MARKETING audience', async () => {
    expect(await marketingAudience(marketing)).toContain(eero.customerId);
  });

  it('§8.4 banDirectMarketing withdraws every marketing purpose at once (EMAIL, SMS, PHONE, POST: 4 new rows)', async () => {
    beforeBan = await consentRows(api, eero.customerId);
    const ban = dataOf(await eero.client.request(BanDirectMarketingDocument), 'banDirectMarketing').banDirectMarketing!;
    expect(ban).toMatchObject({ kind: 'DIRECT_MARKETING_BAN', liftedAt: null });
    const after = await consentRows(api, eero.customerId);
    const fresh = added(beforeBan, after);
    expect(fresh.map((r) => r.purpose).sort()).toEqual([...MARKETING_PURPOSES].sort());
    for (const row of fresh) expect(row).toMatchObject({ granted: false, actor_kind: 'CUSTOMER', notice_version: noticeVersion });
    expect(new Set(fresh.map((r) => r.occurred_at.getTime())).size).toBe(1);
    // The cookie choice is no marketing permission: untouched.
    expect(newestPerPurpose(after)).toMatchObject({ STATISTICS_COOKIES: true, EMAIL_MARKETING: false, SMS_MARKETING: false });
    expect(after.filter((r) => beforeBan.some((b) => b.id === r.id))).toEqual(beforeBan);
  });

  it('§8.4 the banned customer leaves the MARKETING audience', async () => {
    expect(await marketingAudience(marketing)).not.toContain(eero.customerId);
    expectOnlyError(await marketing.client.request(MarketingEmailHeadersDocument, { customerId: eero.customerId }), 'NOT_FOUND');
  });

  it('§8.4 customer service recording an EMAIL_MARKETING grant → CONSENT_BLOCKED_BY_BAN and nothing written', async () => {
    const counts = await writeCounts(api);
    const result = await customerService.client.request(RecordConsentDocument, {
      customerId: eero.customerId,
      choices: [
        { purpose: 'STATISTICS_COOKIES', granted: false },
        { purpose: 'EMAIL_MARKETING', granted: true },
      ],
      source: 'PHONE',
    });
    expectOnlyError(result, 'CONSENT_BLOCKED_BY_BAN', 'choices.1');
    expect(await writeCounts(api)).toEqual(counts);
  });

  it('§8.4 the customer’s own setMyConsents grant is refused too while the ban stands', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(await eero.client.request(SetMyConsentsDocument, { choices: [{ purpose: 'SMS_MARKETING', granted: true }] }), 'CONSENT_BLOCKED_BY_BAN', 'choices.0');
    expect(await writeCounts(api)).toEqual(counts);
  });

  it('§8.4 only the customer lifts the ban: CUSTOMER_SERVICE and the PRIVACY_OFFICER are FORBIDDEN', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(await customerService.client.request(LiftMarketingBanDocument), 'FORBIDDEN');
    expectOnlyError(await privacyOfficer.client.request(LiftMarketingBanDocument), 'FORBIDDEN');
    expect(await writeCounts(api)).toEqual(counts);
    const [ban] = await api.db.query<{ lifted_at: Date | null }>(`select lifted_at from objection where customer_id = $1 and kind = 'DIRECT_MARKETING_BAN'`, [eero.customerId]);
    expect(ban.lifted_at).toBeNull();
  });

  it('§8.4 after the customer lifts it, consents stay withdrawn until they grant again; then they can', async () => {
    const rowsBefore = await consentRows(api, eero.customerId);
    const lifted = dataOf(await eero.client.request(LiftMarketingBanDocument), 'liftMarketingBan').liftMarketingBan!;
    expect(lifted.liftedAt).not.toBeNull();
    expect(await consentRows(api, eero.customerId)).toEqual(rowsBefore);
    expect(await marketingAudience(marketing)).not.toContain(eero.customerId);

    const granted = await eero.client.request(SetMyConsentsDocument, { choices: [{ purpose: 'EMAIL_MARKETING', granted: true }] });
    expect(dataOf(granted, 'setMyConsents').setMyConsents!.find((s) => s.purpose === 'EMAIL_MARKETING')!.granted).toBe(true);
    expect(await marketingAudience(marketing)).toContain(eero.customerId);
  });

  it('§8.4 a ban received in writing: REQUEST_NOT_VERIFIED until verified, then recorded by customer service with actor STAFF', async () => {
    const unverified = await recordedRequest(customerService, eero.customerId, 'DIRECT_MARKETING_BAN', 'POST');
    const counts = await writeCounts(api);
    expectOnlyError(await customerService.client.request(RecordDirectMarketingBanDocument, { requestId: unverified }), 'REQUEST_NOT_VERIFIED');
    expect(await writeCounts(api)).toEqual(counts);

    const requestId = await verifiedRequest(customerService, eero.customerId, 'DIRECT_MARKETING_BAN', 'POST');
    const before = await consentRows(api, eero.customerId);
    dataOf(await customerService.client.request(RecordDirectMarketingBanDocument, { requestId }), 'recordDirectMarketingBan');
    const fresh = added(before, await consentRows(api, eero.customerId));
    expect(fresh.map((r) => r.purpose).sort()).toEqual([...MARKETING_PURPOSES].sort());
    for (const row of fresh) expect(row).toMatchObject({ granted: false, actor_kind: 'STAFF', actor_id: customerService.id, source: 'MANUAL_ENTRY' });
    expect(await marketingAudience(marketing)).not.toContain(eero.customerId);
    // Staff still cannot grant through it.
    expectOnlyError(
      await customerService.client.request(RecordConsentDocument, { customerId: eero.customerId, choices: [{ purpose: 'POST_MARKETING', granted: true }], source: 'MANUAL_ENTRY' }),
      'CONSENT_BLOCKED_BY_BAN',
    );
  });
});

describe('§8.3 objection to processing', () => {
  let kaisa: Shopper;

  beforeAll(async () => {
    kaisa = await registerShopper(api, { consents: ['EMAIL_MARKETING', 'POST_MARKETING'] });
  });

  it('§8.3 objectToProcessing takes the customer out of the MARKETING audience at once', async () => {
    expect(await marketingAudience(marketing)).toContain(kaisa.customerId);
    const objection = dataOf(await kaisa.client.request(ObjectToProcessingDocument, { reason: 'En ole antanut lupaa profilointiin' }), 'objectToProcessing').objectToProcessing!;
    expect(objection).toMatchObject({ kind: 'OBJECTION', reason: 'En ole antanut lupaa profilointiin' });
    expect(await marketingAudience(marketing)).not.toContain(kaisa.customerId);
    expectOnlyError(await marketing.client.request(MarketingEmailHeadersDocument, { customerId: kaisa.customerId }), 'NOT_FOUND');
  });

  it('§8.3 an OPEN OBJECTION request appears for staff to decide (privacyRequests)', async () => {
    for (const staff of [customerService, privacyOfficer]) {
      const page = dataOf(await staff.client.request(PrivacyRequestsDocument, { first: 50, filter: { customerId: kaisa.customerId, type: 'OBJECTION' } }), 'privacyRequests')
        .privacyRequests!;
      expect(page.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ customerId: kaisa.customerId, type: 'OBJECTION', status: 'OPEN', channel: 'STOREFRONT', overdue: false }),
      ]);
    }
    expectOnlyError(await marketing.client.request(PrivacyRequestsDocument, { first: 50, filter: { customerId: kaisa.customerId } }), 'FORBIDDEN');
  });
});

describe('§10 cookie choices of an anonymous visitor', () => {
  it('§10.2 recordCookieChoices stores rows under the visitor id with no customer', async () => {
    const visitorId = newVisitorId();
    const result = await api.anonymous.request(RecordCookieChoicesDocument, {
      visitorId,
      choices: [
        { purpose: 'STATISTICS_COOKIES', granted: true },
        { purpose: 'MARKETING_COOKIES', granted: false },
      ],
    });
    expect(dataOf(result, 'recordCookieChoices').recordCookieChoices).toBe(2);
    const rows = await visitorRows(api, visitorId);
    expect(rows.map((r) => [r.purpose, r.granted]).sort()).toEqual([
      ['MARKETING_COOKIES', false],
      ['STATISTICS_COOKIES', true],
    ]);
    for (const row of rows) expect(row).toMatchObject({ customer_id: null, visitor_id: visitorId, notice_version: noticeVersion });
  });

  it('§10 §4.1 a non-cookie purpose cannot be chosen anonymously → BAD_USER_INPUT and nothing written', async () => {
    const visitorId = newVisitorId();
    const before = await allConsentRows(api);
    const result = await api.anonymous.request(RecordCookieChoicesDocument, {
      visitorId,
      choices: [
        { purpose: 'STATISTICS_COOKIES', granted: true },
        { purpose: 'EMAIL_MARKETING', granted: true },
      ],
    });
    expectOnlyError(result, 'BAD_USER_INPUT', 'choices.1.purpose');
    expect(await allConsentRows(api)).toEqual(before);
  });

  it('§10 an invalid visitor id → BAD_USER_INPUT on visitorId and nothing written', async () => {
    const before = await allConsentRows(api);
    for (const visitorId of ['lyhyt', 'x'.repeat(65), 'visitor id with spaces!', `${newVisitorId()};drop`]) {
      const result = await api.anonymous.request(RecordCookieChoicesDocument, { visitorId, choices: [{ purpose: 'STATISTICS_COOKIES', granted: true }] });
      expectOnlyError(result, 'BAD_USER_INPUT', 'visitorId');
    }
    expect(await allConsentRows(api)).toEqual(before);
  });

  it('§10 after login with that visitorId the choices belong to the customer (consentHistory shows them)', async () => {
    const visitorId = newVisitorId();
    dataOf(await api.anonymous.request(RecordCookieChoicesDocument, { visitorId, choices: [{ purpose: 'MARKETING_COOKIES', granted: true }] }), 'recordCookieChoices');
    const shopper = await registerShopper(api, { consents: [] });
    const login = dataOf(await api.anonymous.request(LoginAsVisitorDocument, { email: shopper.email, password: shopper.password, visitorId }), 'login').login!;
    expect(login.customerId).toBe(shopper.customerId);
    const rows = await visitorRows(api, visitorId);
    expect(rows).toEqual([expect.objectContaining({ customer_id: shopper.customerId, purpose: 'MARKETING_COOKIES', granted: true })]);
    const me = dataOf(await api.withToken(login.token).request(MyConsentsAndRestrictionsDocument), 'me').me!;
    expect(me.consentHistory).toEqual([expect.objectContaining({ purpose: 'MARKETING_COOKIES', granted: true, noticeVersion })]);
    expect(me.consents!.find((c) => c.purpose === 'MARKETING_COOKIES')!.granted).toBe(true);

    // Another customer signing in with the same cookie later gets nothing: the choices are taken.
    const other = await registerShopper(api, { consents: [] });
    dataOf(await api.anonymous.request(LoginAsVisitorDocument, { email: other.email, password: other.password, visitorId }), 'login other');
    expect(await consentRows(api, other.customerId)).toEqual([]);
    expect((await visitorRows(api, visitorId)).map((r) => r.customer_id)).toEqual([shopper.customerId]);
  });

  it('§10 login with an invalid visitorId → BAD_USER_INPUT on visitorId', async () => {
    const shopper = await registerShopper(api, { consents: [] });
    const result = await api.anonymous.request(LoginAsVisitorDocument, { email: shopper.email, password: shopper.password, visitorId: 'ei kelpaa' });
    expectOnlyError(result, 'BAD_USER_INPUT', 'visitorId');
    expect(result.data?.login ?? null).toBeNull();
  });

  it('§10 §6.1 choices made before signing up join the new account through RegisterCustomer input.visitorId', async () => {
    const visitorId = newVisitorId();
    dataOf(
      await api.anonymous.request(RecordCookieChoicesDocument, {
        visitorId,
        choices: [
          { purpose: 'STATISTICS_COOKIES', granted: false },
          { purpose: 'MARKETING_COOKIES', granted: true },
        ],
      }),
      'recordCookieChoices',
    );
    const shopper = await registerShopper(api, { consents: ['EMAIL_MARKETING'], visitorId });
    const rows = await consentRows(api, shopper.customerId);
    expect(rows.map((r) => [r.purpose, r.granted, r.visitor_id]).sort()).toEqual(
      [
        ['EMAIL_MARKETING', true, null],
        ['MARKETING_COOKIES', true, visitorId],
        ['STATISTICS_COOKIES', false, visitorId],
      ].sort(),
    );
    const me = dataOf(await shopper.client.request(MyConsentsAndRestrictionsDocument), 'me').me!;
    expect(me.consentHistory!.map((e) => e.purpose).sort()).toEqual(['EMAIL_MARKETING', 'MARKETING_COOKIES', 'STATISTICS_COOKIES']);
    expect(codesOf(await shopper.client.request(MyConsentsAndRestrictionsDocument))).toEqual([]);
  });
});
