import { PrivacyNoticeDocument } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('privacyNotice (§1, §11): the statement as public structured data', () => {
  it('answers an anonymous caller in Finnish with the controller Potero Oy (§1.1)', async () => {
    const { status, data, errors } = await api.anonymous.request(PrivacyNoticeDocument, { language: 'FI' });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.privacyNotice.controller.name).toBe('Potero Oy');
    expect(data?.privacyNotice.controller.businessId).toBe('2063235-5');
    expect(data?.privacyNotice.language).toBe('FI');
    expect(data?.privacyNotice.version).toBe('2020-12-01');
  });

  it('has the same structure in English: registers §2, rights §8, no transfers outside the EEA §7.6', async () => {
    const fi = (await api.anonymous.request(PrivacyNoticeDocument, { language: 'FI' })).data!.privacyNotice;
    const en = (await api.anonymous.request(PrivacyNoticeDocument, { language: 'EN' })).data!.privacyNotice;
    expect(en.registers.map((r) => r.code)).toEqual(['WEBSHOP_USERS', 'LOYALTY_MEMBERS']);
    expect(en.rights.map((r) => r.code)).toEqual(fi.rights.map((r) => r.code));
    expect(en.rights.map((r) => r.code)).toEqual(expect.arrayContaining(['ACCESS', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'OBJECTION']));
    expect(en.transfersOutsideEea).toBe(false);
    expect(en.sources.map((s) => s.code).sort()).toEqual(['CUSTOMER_MEETING', 'EMAIL', 'MANUAL_ENTRY', 'NEWSLETTER', 'PHONE', 'REGISTRATION', 'SOCIAL_MEDIA', 'WEBSHOP_ORDER']);
  });

  it('states the retention clocks: two years unused (§4.2) and ten years of bookkeeping (§8.9)', async () => {
    const { data } = await api.anonymous.request(PrivacyNoticeDocument, { language: 'EN' });
    const rules = Object.fromEntries(data!.privacyNotice.retentionRules.map((r) => [r.code, r]));
    expect(rules.INACTIVE_TWO_YEARS.periodMonths).toBe(24);
    expect(rules.INACTIVE_TWO_YEARS.clauses).toContain('§4.2');
    expect(rules.BOOKKEEPING_TEN_YEARS.periodMonths).toBe(120);
    expect(rules.BOOKKEEPING_TEN_YEARS.clauses).toContain('§8.9');
  });

  it('refuses an unknown version with NOT_FOUND naming the argument', async () => {
    const { data, errors } = await api.anonymous.raw('{ privacyNotice(language: EN, version: "1999-01-01") { version } }');
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'version' });
  });
});
