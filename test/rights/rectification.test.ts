import { LoginDocument, MeDocument, RectifyCustomerDocument, UpdateMyProfileDocument, type AddressInput } from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import {
  codesOf,
  dataOf,
  expectOnlyError,
  handToCourier,
  partnerNotices,
  partnerWithToken,
  placeShopOrder,
  profileSnapshot,
  recordedRequest,
  registerShopper,
  staffMember,
  uniqueEmail,
  verifiedRequest,
  writeCounts,
  type PartnerWithToken,
  type Shopper,
  type StaffMember,
} from './consent-scenarios';

/*
 * §8.2 rectification: the data subject may have wrong or incomplete data
 * corrected — by themself in the storefront, or by customer service on a
 * verified written request (§8.5). Every correction records which field,
 * when, by whom and on which request, is audited as a CHANGE, and (GDPR
 * Art 19) every recipient that received the customer's data is told which
 * fields changed, by order number, never the values.
 */

let api: TestApi;
let admin: StaffMember;
let customerService: StaffMember;
let privacyOfficer: StaffMember;
let marketing: StaffMember;

beforeAll(async () => {
  api = await startTestApi();
  admin = staffMember(api, 'ADMIN');
  customerService = staffMember(api, 'CUSTOMER_SERVICE');
  privacyOfficer = staffMember(api, 'PRIVACY_OFFICER');
  marketing = staffMember(api, 'MARKETING');
}, 60_000);
afterAll(() => api.close());

interface RectificationRow extends Record<string, unknown> {
  field: string;
  changed_at: Date;
  actor_kind: string;
  actor_id: string | null;
  request_id: string | null;
  request_type: string | null;
  request_status: string | null;
  request_channel: string | null;
  request_customer: string | null;
}

function rectificationRows(customerId: string): Promise<RectificationRow[]> {
  return api.db.query<RectificationRow>(
    `select r.field, r.changed_at, r.actor_kind::text as actor_kind, r.actor_id, r.request_id,
            p.type::text as request_type, p.status::text as request_status, p.channel::text as request_channel, p.customer_id as request_customer
     from rectification r left join privacy_request p on p.id = r.request_id
     where r.customer_id = $1 order by r.changed_at, r.field`,
    [customerId],
  );
}

function changeAudits(customerId: string): Promise<{ fields: string[]; principal_kind: string; principal_id: string | null; operation: string | null }[]> {
  return api.db.query(
    `select fields, principal_kind::text as principal_kind, principal_id, operation from audit_entry
     where customer_id = $1 and action = 'CHANGE' and operation = 'rectification' order by id`,
    [customerId],
  );
}

describe('§8.2 the customer corrects their own profile (updateMyProfile)', () => {
  let aino: Shopper;

  beforeAll(async () => {
    aino = await registerShopper(api);
  });

  it('§8.2 name, e-mail, phone and addresses change on the profile', async () => {
    const email = uniqueEmail('corrected');
    const addresses: AddressInput[] = [
      { kind: 'HOME', line1: 'Kirkkokatu 3 B 12', postalCode: '90100', city: 'Oulu', countryCode: 'FI' },
      { kind: 'DELIVERY', line1: 'Pakettiautomaatti 9', postalCode: '90500', city: 'Oulu', countryCode: 'fi' },
    ];
    const result = await aino.client.request(UpdateMyProfileDocument, {
      input: { firstName: 'Aino-Maria', lastName: 'Korhonen', email: email.toUpperCase(), phone: '040 765 4321', addresses },
    });
    const profile = dataOf(result, 'updateMyProfile').updateMyProfile!;
    const byLine = (a: { line1: string | null }, b: { line1: string | null }) => (a.line1 ?? '').localeCompare(b.line1 ?? '');
    expect({ ...profile, addresses: [...profile.addresses!].sort(byLine) }).toEqual({
      id: aino.customerId,
      firstName: 'Aino-Maria',
      lastName: 'Korhonen',
      email,
      phone: '+358407654321',
      addresses: addresses.map(({ kind, line1, postalCode, city }) => ({ kind, line1, postalCode, city, countryCode: 'FI' })).sort(byLine),
    });
    // The profile itself, read back, is the corrected one.
    const me = dataOf(await aino.client.request(MeDocument), 'me').me!;
    expect(me).toMatchObject({ firstName: 'Aino-Maria', lastName: 'Korhonen', email, phone: '+358407654321' });
    expect(me.addresses!.map((a) => a.line1).sort()).toEqual(addresses.map((a) => a.line1).sort());
    // The corrected e-mail is the login from now on.
    expect(codesOf(await api.anonymous.request(LoginDocument, { email, password: aino.password }))).toEqual([]);
    aino = { ...aino, email, firstName: 'Aino-Maria', lastName: 'Korhonen', phone: '+358407654321' };
  });

  it('§8.2 each changed field gets a rectification row: when, actor CUSTOMER, on a COMPLETED storefront RECTIFICATION request', async () => {
    const rows = await rectificationRows(aino.customerId);
    expect(rows.map((r) => r.field).sort()).toEqual(['addresses', 'email', 'firstName', 'lastName', 'phone']);
    const requestIds = new Set(rows.map((r) => r.request_id));
    expect(requestIds.size).toBe(1);
    for (const row of rows) {
      expect(row).toMatchObject({
        actor_kind: 'CUSTOMER',
        actor_id: aino.customerId,
        request_type: 'RECTIFICATION',
        request_status: 'COMPLETED',
        request_channel: 'STOREFRONT',
        request_customer: aino.customerId,
      });
      expect(row.request_id).not.toBeNull();
      expect(row.changed_at).toBeInstanceOf(Date);
      expect(Math.abs(row.changed_at.getTime() - Date.now())).toBeLessThan(60_000);
    }
    // Neither the old nor the new value is kept beside the record of the correction.
    const [text] = await api.db.query<{ t: string }>("select string_agg(r::text, ' ') as t from rectification r where customer_id = $1", [aino.customerId]);
    expect(text.t).not.toContain('Korhonen');
    expect(text.t).not.toContain(aino.email);
  });

  it('§8.2 §9.2 the correction is audited as a CHANGE of Customer.<field> by the customer', async () => {
    const audits = await changeAudits(aino.customerId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ principal_kind: 'CUSTOMER', principal_id: aino.customerId });
    expect([...audits[0].fields].sort()).toEqual(['Customer.addresses', 'Customer.email', 'Customer.firstName', 'Customer.lastName', 'Customer.phone']);
  });

  it('§8.2 only the fields that really change are recorded', async () => {
    const before = (await rectificationRows(aino.customerId)).length;
    // firstName as it already is, lastName new.
    const result = await aino.client.request(UpdateMyProfileDocument, { input: { firstName: aino.firstName, lastName: 'Korhonen-Virtanen' } });
    expect(dataOf(result, 'updateMyProfile').updateMyProfile).toMatchObject({ firstName: aino.firstName, lastName: 'Korhonen-Virtanen' });
    const rows = await rectificationRows(aino.customerId);
    expect(rows.slice(before).map((r) => r.field)).toEqual(['lastName']);
    const audits = await changeAudits(aino.customerId);
    expect(audits.at(-1)!.fields).toEqual(['Customer.lastName']);
    aino = { ...aino, lastName: 'Korhonen-Virtanen' };
  });

  it('§8.2 a value that is already on the profile → BAD_USER_INPUT and nothing is written', async () => {
    const counts = await writeCounts(api);
    const profile = await profileSnapshot(api, aino.customerId);
    const result = await aino.client.request(UpdateMyProfileDocument, {
      input: { firstName: aino.firstName, lastName: aino.lastName, email: aino.email, phone: aino.phone },
    });
    expectOnlyError(result, 'BAD_USER_INPUT', 'input');
    expect(result.data?.updateMyProfile ?? null).toBeNull();
    expect(await writeCounts(api)).toEqual(counts);
    expect(await profileSnapshot(api, aino.customerId)).toBe(profile);
  });

  it('§8.2 resubmitting the addresses already on the profile is no correction: BAD_USER_INPUT, no rectification row, no Art 19 notice', async () => {
    // BUG: applyRectification pushes 'addresses' whenever input.addresses is given, without comparing.
    const me = dataOf(await aino.client.request(MeDocument), 'me').me!;
    const same: AddressInput[] = me.addresses!.map((a) => ({ kind: a.kind!, line1: a.line1!, postalCode: a.postalCode!, city: a.city!, countryCode: a.countryCode! }));
    const counts = await writeCounts(api);
    const result = await aino.client.request(UpdateMyProfileDocument, { input: { addresses: same } });
    expectOnlyError(result, 'BAD_USER_INPUT', 'input');
    expect(await writeCounts(api)).toEqual(counts);
  });

  it('§8.2 an e-mail another customer has: answered like any correction (no enumeration, issue 10), the address stays, its owner is told', async () => {
    const other = await registerShopper(api);
    const profile = await profileSnapshot(api, aino.customerId);
    const result = await aino.client.request(UpdateMyProfileDocument, { input: { email: `  ${other.email.toUpperCase()} ` } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMyProfile?.email).toBe(aino.email);
    expect(await profileSnapshot(api, aino.customerId)).toBe(profile);
    expect(dataOf(await aino.client.request(MeDocument), 'me').me).toMatchObject({ email: aino.email, firstName: aino.firstName });
    // The owner is told by e-mail (issue 11's outbox): "you already have an account".
    const mails = await api.db.query<{ kind: string }>('select kind::text as kind from email_outbox where customer_id = $1', [other.customerId]);
    expect(mails).toEqual([{ kind: 'ACCOUNT_EXISTS' }]);
  });

  it('§8.2 an invalid phone → BAD_USER_INPUT on input.phone and nothing changes', async () => {
    const counts = await writeCounts(api);
    const profile = await profileSnapshot(api, aino.customerId);
    const result = await aino.client.request(UpdateMyProfileDocument, { input: { phone: 'ei numero 123', lastName: 'Muuttunut' } });
    expectOnlyError(result, 'BAD_USER_INPUT', 'input.phone');
    expect(await writeCounts(api)).toEqual(counts);
    expect(await profileSnapshot(api, aino.customerId)).toBe(profile);
  });

  it('§8.2 an empty phone removes the number (incomplete data is corrected by removal too)', async () => {
    const result = await aino.client.request(UpdateMyProfileDocument, { input: { phone: '   ' } });
    expect(dataOf(result, 'updateMyProfile').updateMyProfile!.phone).toBeNull();
    expect((await rectificationRows(aino.customerId)).at(-1)!.field).toBe('phone');
  });

  it('§8.2 only a signed-in customer corrects their own profile: staff are FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(await customerService.client.request(UpdateMyProfileDocument, { input: { firstName: 'Staff' } }), 'FORBIDDEN');
    expect(codesOf(await api.anonymous.request(UpdateMyProfileDocument, { input: { firstName: 'Anon' } }))).toEqual(['UNAUTHENTICATED']);
    expect(await writeCounts(api)).toEqual(counts);
  });
});

describe('§8.2 §8.5 customer service corrects on a verified written request (rectifyCustomer)', () => {
  let eero: Shopper;

  beforeAll(async () => {
    eero = await registerShopper(api);
  });

  it('§8.5 before the identity is verified → REQUEST_NOT_VERIFIED and nothing changes', async () => {
    const requestId = await recordedRequest(customerService, eero.customerId, 'RECTIFICATION');
    const counts = await writeCounts(api);
    const profile = await profileSnapshot(api, eero.customerId);
    const result = await customerService.client.request(RectifyCustomerDocument, { requestId, input: { lastName: 'Oikaistu' } });
    expectOnlyError(result, 'REQUEST_NOT_VERIFIED', 'requestId');
    expect(await writeCounts(api)).toEqual(counts);
    expect(await profileSnapshot(api, eero.customerId)).toBe(profile);
    const [request] = await api.db.query<{ status: string }>('select status::text as status from privacy_request where id = $1', [requestId]);
    expect(request.status).toBe('AWAITING_VERIFICATION');
  });

  it('§8.2 a verified ERASURE request is not a rectification request → REQUEST_TYPE_MISMATCH and nothing changes', async () => {
    const erasureId = await verifiedRequest(customerService, eero.customerId, 'ERASURE');
    const counts = await writeCounts(api);
    const profile = await profileSnapshot(api, eero.customerId);
    const result = await customerService.client.request(RectifyCustomerDocument, { requestId: erasureId, input: { lastName: 'Oikaistu' } });
    expectOnlyError(result, 'REQUEST_TYPE_MISMATCH', 'requestId');
    expect(await writeCounts(api)).toEqual(counts);
    expect(await profileSnapshot(api, eero.customerId)).toBe(profile);
  });

  it('§8.2 on a verified RECTIFICATION request the correction is made, recorded with actor STAFF and the request completes', async () => {
    const requestId = await verifiedRequest(customerService, eero.customerId, 'RECTIFICATION');
    const result = await customerService.client.request(RectifyCustomerDocument, { requestId, input: { lastName: 'Oikaistu', firstName: eero.firstName } });
    expect(dataOf(result, 'rectifyCustomer').rectifyCustomer).toMatchObject({ id: eero.customerId, lastName: 'Oikaistu', firstName: eero.firstName });
    const rows = await rectificationRows(eero.customerId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      field: 'lastName',
      actor_kind: 'STAFF',
      actor_id: customerService.id,
      request_id: requestId,
      request_type: 'RECTIFICATION',
      request_status: 'COMPLETED',
      request_channel: 'EMAIL',
    });
    const audits = await changeAudits(eero.customerId);
    expect(audits).toEqual([{ fields: ['Customer.lastName'], principal_kind: 'STAFF', principal_id: customerService.id, operation: 'rectification' }]);
    // The customer is told the request was completed.
    const [notice] = await api.db.query<{ kind: string }>(`select kind::text as kind from customer_notice where request_id = $1`, [requestId]);
    expect(notice.kind).toBe('REQUEST_COMPLETED');
  });

  it('§8.2 §8.5 a COMPLETED request cannot be used again for a further correction → REQUEST_CLOSED and nothing changes', async () => {
    const requestId = await verifiedRequest(customerService, eero.customerId, 'RECTIFICATION');
    dataOf(await customerService.client.request(RectifyCustomerDocument, { requestId, input: { firstName: 'Eerik' } }), 'first rectifyCustomer');
    const counts = await writeCounts(api);
    const profile = await profileSnapshot(api, eero.customerId);
    const again = await customerService.client.request(RectifyCustomerDocument, { requestId, input: { firstName: 'Joku Muu' } });
    expectOnlyError(again, 'REQUEST_CLOSED', 'requestId');
    expect(await writeCounts(api)).toEqual(counts);
    expect(await profileSnapshot(api, eero.customerId)).toBe(profile);
  });

  it('§9.2 MARKETING cannot rectify (FORBIDDEN); the privacy officer can', async () => {
    const requestId = await verifiedRequest(customerService, eero.customerId, 'RECTIFICATION');
    const counts = await writeCounts(api);
    expectOnlyError(await marketing.client.request(RectifyCustomerDocument, { requestId, input: { firstName: 'Markkinoija' } }), 'FORBIDDEN');
    expect(await writeCounts(api)).toEqual(counts);
    const done = await privacyOfficer.client.request(RectifyCustomerDocument, { requestId, input: { firstName: 'Eero-Pekka' } });
    expect(dataOf(done, 'rectifyCustomer as PO').rectifyCustomer!.firstName).toBe('Eero-Pekka');
  });
});

describe('GDPR Art 19 §7.4 recipients are told of a rectification', () => {
  let courier: PartnerWithToken;
  let otherCourier: PartnerWithToken;
  let neverReceived: PartnerWithToken;
  let kaisa: Shopper;
  let kaisaOrder: { id: string; orderNumber: string };
  let kaisaElsewhere: { id: string; orderNumber: string };

  beforeAll(async () => {
    courier = await partnerWithToken(api, admin, 'LOGISTICS');
    otherCourier = await partnerWithToken(api, admin, 'LOGISTICS');
    neverReceived = await partnerWithToken(api, admin, 'LOGISTICS');
    kaisa = await registerShopper(api);
    kaisaOrder = await placeShopOrder(kaisa);
    await handToCourier(customerService, courier, kaisaOrder);
  });

  it('§8.2 Art 19 the courier that received the order gets a RECTIFICATION notice with the order numbers and the changed field names', async () => {
    const result = await kaisa.client.request(UpdateMyProfileDocument, { input: { lastName: 'Uusinimi', phone: '+358 50 111 2233' } });
    dataOf(result, 'updateMyProfile');
    const notices = await partnerNotices(courier);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'RECTIFICATION', orderNumbers: [kaisaOrder.orderNumber], acknowledgedAt: null });
    expect([...notices[0].fields].sort()).toEqual(['lastName', 'phone']);
  });

  it('§8.2 §9.1 Art 19 the notice never carries the new or the old values', async () => {
    const notices = await partnerNotices(courier);
    const sent = JSON.stringify(notices);
    const [stored] = await api.db.query<{ t: string }>("select string_agg(n::text, ' ') as t from partner_notice n where customer_id = $1", [kaisa.customerId]);
    for (const value of [kaisa.lastName, 'Uusinimi', kaisa.phone, '+358501112233', kaisa.email, kaisa.firstName]) {
      expect(sent).not.toContain(value);
      expect(stored.t).not.toContain(value);
    }
  });

  it('§9.1 Art 19 a partner that never received the customer’s data gets no notice', async () => {
    expect(await partnerNotices(neverReceived)).toEqual([]);
    expect(await partnerNotices(otherCourier)).toEqual([]);
  });

  it('Art 19 a correction by customer service on a request notifies the courier too', async () => {
    const requestId = await verifiedRequest(customerService, kaisa.customerId, 'RECTIFICATION');
    dataOf(await customerService.client.request(RectifyCustomerDocument, { requestId, input: { firstName: 'Kaisa-Liisa' } }), 'rectifyCustomer');
    const notices = await partnerNotices(courier);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toMatchObject({ kind: 'RECTIFICATION', fields: ['firstName'], orderNumbers: [kaisaOrder.orderNumber] });
    expect(await partnerNotices(neverReceived)).toEqual([]);
  });

  it('§7.4 §9.1 Art 19 each courier is told only the order numbers it received, not the customer’s other orders', async () => {
    kaisaElsewhere = await placeShopOrder(kaisa);
    await handToCourier(customerService, otherCourier, kaisaElsewhere);
    dataOf(await kaisa.client.request(UpdateMyProfileDocument, { input: { firstName: 'Kaisa' } }), 'updateMyProfile');
    const mine = (await partnerNotices(courier)).at(-1)!;
    const theirs = (await partnerNotices(otherCourier)).at(-1)!;
    expect(theirs.orderNumbers).toEqual([kaisaElsewhere.orderNumber]);
    expect(mine.orderNumbers).toEqual([kaisaOrder.orderNumber]);
  });
});
