import {
  AdminPlaceOrderDocument,
  EraseCustomerDocument,
  MyPrivacyRequestsDocument,
  ObjectToProcessingDocument,
  RecordPrivacyRequestDocument,
  RefusedPrivacyRequestsDocument,
  RefusePrivacyRequestDocument,
  VerifyPrivacyRequestDocument,
  type PrivacyRequestRefusalCode,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { BACKFILL_REFUSAL_CODES_SQL } from '../../migrations/Migration20261202024000';
import { privacyRequestRefusals } from '../../src/modules/privacy-requests/privacy-requests.errors';
import {
  dataOf,
  eraseInStorefront,
  exportInStorefront,
  moveOrder,
  placeHold,
  placeShopperOrder,
  recordRequest,
  recordWrittenRequest,
  registerShopper,
  staff,
  startRightsApi,
  uniqueTag,
} from './rights-scenarios';

/*
 * Issue 12 part 8, §8.7: a refused request says why in words the person reads (refusalReason) and as a
 * code the storefront and the admin panel branch on (PrivacyRequest.refusalCode, the enum
 * PrivacyRequestRefusalCode). Every path that refuses or closes a request sets it, and it is stored on
 * the row, answered over GraphQL to staff and to the customer, and exported (§8.1).
 */

let api: TestApi;

beforeAll(async () => {
  ({ api } = await startRightsApi('2026-03-02T09:00:00.000Z'));
}, 60_000);
afterAll(() => api.close());

const po = () => staff(api, 'PRIVACY_OFFICER');

async function storedCode(requestId: string): Promise<{ status: string; refusal_code: string | null; refusal_reason: string | null }> {
  const [row] = await api.db.query<{ status: string; refusal_code: string | null; refusal_reason: string | null }>(
    'select status, refusal_code, refusal_reason from privacy_request where id = $1',
    [requestId],
  );
  return row!;
}

/** The customer's refused requests as the privacy officer lists them, by id. */
async function refusedAsStaffSee(customerId: string): Promise<Map<string, { refusalCode: PrivacyRequestRefusalCode | null; refusalReason: string | null; type: string }>> {
  const list = dataOf(await po().request(RefusedPrivacyRequestsDocument, { filter: { customerId, status: ['REFUSED'] } }), 'refused').privacyRequests!;
  return new Map(list.edges.map((e) => [e.node.id, e.node]));
}

describe('§8.7 the privacy officer refuses by hand: a code from a small set, REQUEST_REFUSED_BY_STAFF by default', () => {
  it('without a code (existing callers) the request is REFUSED with REQUEST_REFUSED_BY_STAFF, stored and answered', async () => {
    const shopper = await registerShopper(api, { firstName: 'Äini' });
    const requestId = await recordRequest(api, shopper.customerId, 'RECTIFICATION');
    const reason = 'Osoite on jo oikein: Mannerheimintie 5 A, 00100 Helsinki.';
    const refused = dataOf(await po().request(RefusePrivacyRequestDocument, { requestId, reason }), 'refuse').refusePrivacyRequest!;
    expect(refused).toMatchObject({ id: requestId, status: 'REFUSED', refusalCode: 'REQUEST_REFUSED_BY_STAFF', refusalReason: reason });
    expect(await storedCode(requestId)).toEqual({ status: 'REFUSED', refusal_code: 'REQUEST_REFUSED_BY_STAFF', refusal_reason: reason });
    expect((await refusedAsStaffSee(shopper.customerId)).get(requestId)).toMatchObject({ refusalCode: 'REQUEST_REFUSED_BY_STAFF', refusalReason: reason });
    // The customer's own view (storefront) shows the code where it shows the reason.
    const [mine] = dataOf(await shopper.client.request(MyPrivacyRequestsDocument), 'mine').myPrivacyRequests!;
    expect(mine).toMatchObject({ id: requestId, status: 'REFUSED', refusalCode: 'REQUEST_REFUSED_BY_STAFF', refusalReason: reason });
  });

  it.each(['REQUEST_MANIFESTLY_UNFOUNDED', 'REQUEST_EXCESSIVE', 'REQUEST_IDENTITY_NOT_VERIFIED'] as const)(
    'Art 12(5), 12(6): the officer picks %s; it is stored and answered to staff and to the customer',
    async (code) => {
      const shopper = await registerShopper(api);
      // Identity not verified (§8.5): the request is still waiting; the others are verified.
      const requestId =
        code === 'REQUEST_IDENTITY_NOT_VERIFIED' ? (await recordWrittenRequest(api, shopper.customerId, 'ACCESS')).id : await recordRequest(api, shopper.customerId, 'ACCESS');
      const reason = `Pyyntö hylätty (${code}); asiakas ${shopper.fullName} kirjoitti kymmenennen kerran tällä viikolla.`;
      const refused = dataOf(await po().request(RefusePrivacyRequestDocument, { requestId, reason, code }), 'refuse').refusePrivacyRequest!;
      expect(refused).toMatchObject({ status: 'REFUSED', refusalCode: code, refusalReason: reason });
      expect(await storedCode(requestId)).toMatchObject({ status: 'REFUSED', refusal_code: code });
      expect((await refusedAsStaffSee(shopper.customerId)).get(requestId)?.refusalCode).toBe(code);
      const [mine] = dataOf(await shopper.client.request(MyPrivacyRequestsDocument), 'mine').myPrivacyRequests!;
      expect(mine).toMatchObject({ id: requestId, refusalCode: code });
    },
  );

  it('a code outside the staff set (a system code, or none at all) is refused by the schema and changes nothing', async () => {
    const shopper = await registerShopper(api);
    const requestId = await recordRequest(api, shopper.customerId, 'ACCESS');
    for (const code of ['REQUEST_SUBJECT_ERASED', 'ERASURE_LEGAL_HOLD', 'NOPE']) {
      const result = await po().raw('mutation R($r: ID!, $c: StaffRefusalCode) { refusePrivacyRequest(requestId: $r, reason: "Ei", code: $c) { id } }', { r: requestId, c: code });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await storedCode(requestId)).toEqual({ status: 'OPEN', refusal_code: null, refusal_reason: null });
  });
});

describe('§8.7, §8.9 an erasure refused by a blocker stores the erasure refusal code on the request', () => {
  it('eraseCustomer on an unpaid order: ERASURE_UNPAID_ORDER on ErasureResult and on the request', async () => {
    const shopper = await registerShopper(api);
    await placeShopperOrder(api, shopper);
    const requestId = await recordRequest(api, shopper.customerId, 'ERASURE');
    const answer = dataOf(await po().request(EraseCustomerDocument, { requestId }), 'erase').eraseCustomer!;
    expect(answer).toMatchObject({ status: 'REFUSED', refusalCode: 'ERASURE_UNPAID_ORDER' });
    expect(await storedCode(requestId)).toEqual({ status: 'REFUSED', refusal_code: 'ERASURE_UNPAID_ORDER', refusal_reason: answer.refusalReason });
    expect((await refusedAsStaffSee(shopper.customerId)).get(requestId)).toMatchObject({ type: 'ERASURE', refusalCode: 'ERASURE_UNPAID_ORDER' });
  });

  it('a legal hold: ERASURE_LEGAL_HOLD', async () => {
    const shopper = await registerShopper(api);
    await placeHold(api, shopper.customerId, 'Reklamaatio käsittelyssä: asiakas Äini Östman, puh. 040 123 4567');
    const requestId = await recordRequest(api, shopper.customerId, 'ERASURE');
    expect(dataOf(await po().request(EraseCustomerDocument, { requestId }), 'erase').eraseCustomer).toMatchObject({ status: 'REFUSED', refusalCode: 'ERASURE_LEGAL_HOLD' });
    expect((await storedCode(requestId)).refusal_code).toBe('ERASURE_LEGAL_HOLD');
    expect((await refusedAsStaffSee(shopper.customerId)).get(requestId)?.refusalCode).toBe('ERASURE_LEGAL_HOLD');
  });

  it('the storefront (§8.5 once the link is opened): an order on its way refuses with ERASURE_OPEN_ORDER, and myPrivacyRequests shows the code', async () => {
    const shopper = await registerShopper(api);
    const order = await placeShopperOrder(api, shopper);
    await moveOrder(api, order.id, 'PAID', 'SHIPPED');
    const { answer } = await eraseInStorefront(api, shopper);
    expect(answer).toMatchObject({ status: 'REFUSED', refusalCode: 'ERASURE_OPEN_ORDER' });
    const [mine] = dataOf(await shopper.client.request(MyPrivacyRequestsDocument), 'mine').myPrivacyRequests!;
    expect(mine).toMatchObject({ id: answer.requestId, type: 'ERASURE', status: 'REFUSED', refusalCode: 'ERASURE_OPEN_ORDER', refusalReason: answer.refusalReason });
    expect((await storedCode(answer.requestId)).refusal_code).toBe('ERASURE_OPEN_ORDER');
  });

  it('a guest (issue 8 §4): the same code on the guest request', async () => {
    const tag = uniqueTag();
    const email = `ilona.aijala.${tag}@example.fi`;
    dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(AdminPlaceOrderDocument, {
        input: {
          customerId: null,
          lines: [{ productCode: `TEA-${tag}`, productName: 'Jasmiinitee 100 g', quantity: 1, unitPriceCents: 790 }],
          billing: { name: 'Ilona Äijälä', email, phone: '+358 40 123 4567', line1: 'Kustaankatu 3', postalCode: '00530', city: 'Helsinki', countryCode: 'FI' },
          delivery: { name: 'Ilona Äijälä', email, phone: '040 123 4567', line1: 'Kustaankatu 3', postalCode: '00530', city: 'Helsinki', countryCode: 'FI' },
          currency: 'EUR',
          shippingCents: 490,
          source: 'PHONE',
        },
      }),
      'guest order',
    );
    const recorded = dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(RecordPrivacyRequestDocument, { input: { email, type: 'ERASURE', channel: 'EMAIL', note: null } }),
      'record',
    ).recordPrivacyRequest!;
    dataOf(await staff(api, 'CUSTOMER_SERVICE').request(VerifyPrivacyRequestDocument, { requestId: recorded.id, method: 'Vastasi tilausosoitteesta' }), 'verify');
    const answer = dataOf(await po().request(EraseCustomerDocument, { requestId: recorded.id }), 'erase').eraseCustomer!;
    expect(answer).toMatchObject({ status: 'REFUSED', customerId: null, refusalCode: 'ERASURE_UNPAID_ORDER' });
    expect(await storedCode(recorded.id)).toMatchObject({ status: 'REFUSED', refusal_code: 'ERASURE_UNPAID_ORDER' });
    const list = dataOf(await po().request(RefusedPrivacyRequestsDocument, { filter: { status: ['REFUSED'], type: 'ERASURE' } }), 'refused').privacyRequests!;
    expect(list.edges.find((e) => e.node.id === recorded.id)?.node).toMatchObject({ customerId: null, refusalCode: 'ERASURE_UNPAID_ORDER' });
  });
});

describe('§8.3 an objection rejected on compelling grounds: REQUEST_OBJECTION_REJECTED', () => {
  it('decideObjection REJECT stores and answers the code', async () => {
    const shopper = await registerShopper(api, { firstName: 'Eero' });
    dataOf(await shopper.client.request(ObjectToProcessingDocument, { reason: 'En halua profilointia' }), 'object');
    const [{ id: requestId }] = await api.db.query<{ id: string }>(`select id from privacy_request where customer_id = $1 and type = 'OBJECTION' and status = 'OPEN'`, [
      shopper.customerId,
    ]);
    const reason = 'Käsittely perustuu kirjanpitolakiin.';
    const decided = await po().raw<{ decideObjection: { status: string; refusalCode: string | null; refusalReason: string } }>(
      'mutation D($r: ID!, $why: String!) { decideObjection(requestId: $r, decision: REJECT, reason: $why) { status refusalCode refusalReason } }',
      { r: requestId, why: reason },
    );
    expect(decided.data?.decideObjection).toEqual({ status: 'REFUSED', refusalCode: 'REQUEST_OBJECTION_REJECTED', refusalReason: reason });
    expect(await storedCode(requestId)).toEqual({ status: 'REFUSED', refusal_code: 'REQUEST_OBJECTION_REJECTED', refusal_reason: reason });
    const mine = dataOf(await shopper.client.request(MyPrivacyRequestsDocument), 'mine').myPrivacyRequests!;
    expect(mine.find((r) => r.id === requestId)).toMatchObject({ refusalCode: 'REQUEST_OBJECTION_REJECTED' });
  });
});

describe('§8.7 Art 12(4) the other open requests of an erased customer are closed with REQUEST_SUBJECT_ERASED', () => {
  it('the erasure completes; the open and the unverified requests are REFUSED with the code, visible to staff', async () => {
    const shopper = await registerShopper(api, { firstName: 'Åsa' });
    const access = await recordRequest(api, shopper.customerId, 'ACCESS');
    const unverified = (await recordWrittenRequest(api, shopper.customerId, 'DIRECT_MARKETING_BAN')).id;
    const requestId = await recordRequest(api, shopper.customerId, 'ERASURE');
    expect(dataOf(await po().request(EraseCustomerDocument, { requestId }), 'erase').eraseCustomer).toMatchObject({ status: 'ERASED', refusalCode: null });
    for (const id of [access, unverified]) expect(await storedCode(id)).toMatchObject({ status: 'REFUSED', refusal_code: 'REQUEST_SUBJECT_ERASED' });
    // The erasure request itself is COMPLETED and carries no refusal code.
    expect(await storedCode(requestId)).toEqual({ status: 'COMPLETED', refusal_code: null, refusal_reason: null });
    const listed = await refusedAsStaffSee(shopper.customerId);
    expect([...listed.keys()].sort()).toEqual([access, unverified].sort());
    for (const node of listed.values()) expect(node.refusalCode).toBe('REQUEST_SUBJECT_ERASED');
  });
});

describe('§8.1 the export includes the code', () => {
  it('exportMyData lists each request with its refusalCode', async () => {
    const shopper = await registerShopper(api);
    const refusedId = await recordRequest(api, shopper.customerId, 'OBJECTION');
    dataOf(await po().request(RefusePrivacyRequestDocument, { requestId: refusedId, reason: 'Perusteeton', code: 'REQUEST_MANIFESTLY_UNFOUNDED' }), 'refuse');
    const exported = (await exportInStorefront(api, shopper)) as {
      sections: { records: { requests?: { id: string; refusalCode: string | null }[] }[] }[];
    };
    const requests = exported.sections.flatMap((s) => s.records.flatMap((r) => r.requests ?? []));
    expect(requests.find((r) => r.id === refusedId)).toMatchObject({ refusalCode: 'REQUEST_MANIFESTLY_UNFOUNDED' });
  });
});

describe('migration 20261202024000: requests refused before codes existed get the code their path sets now', () => {
  it('backfills each derivable path and leaves requests that are not REFUSED null', async () => {
    const shopper = await registerShopper(api);
    const ids = {
      staff: await recordRequest(api, shopper.customerId, 'RECTIFICATION'),
      objection: await recordRequest(api, shopper.customerId, 'OBJECTION'),
      erasure: await recordRequest(api, shopper.customerId, 'ERASURE'),
      closed: await recordRequest(api, shopper.customerId, 'ACCESS'),
      open: await recordRequest(api, shopper.customerId, 'RESTRICTION'),
    };
    // The rows as the code before this migration left them: REFUSED, no code.
    const old = `update privacy_request set status = 'REFUSED', refusal_code = null, refusal_reason = 'vanha syy', resolved_at = now(), resolved_by = $2, result = $3::jsonb where id = $1`;
    await api.db.query(old, [ids.staff, 'staff:1', null]);
    await api.db.query(old, [ids.objection, 'staff:1', JSON.stringify({ decision: 'REJECT' })]);
    await api.db.query(old, [ids.erasure, 'staff:1', JSON.stringify({ status: 'REFUSED', refusalCode: 'ERASURE_LEGAL_HOLD', decidedAt: '2026-03-02T09:00:00.000Z' })]);
    await api.db.query(old, [ids.closed, 'system:erasure', null]);
    await api.db.query(BACKFILL_REFUSAL_CODES_SQL);
    const rows = await api.db.query<{ id: string; refusal_code: string | null }>('select id, refusal_code from privacy_request where customer_id = $1', [shopper.customerId]);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r.refusal_code]));
    expect(byId).toEqual({
      [ids.staff]: 'REQUEST_REFUSED_BY_STAFF',
      [ids.objection]: 'REQUEST_OBJECTION_REJECTED',
      [ids.erasure]: 'ERASURE_LEGAL_HOLD',
      [ids.closed]: 'REQUEST_SUBJECT_ERASED',
      [ids.open]: null,
    });
    for (const code of Object.values(byId)) if (code) expect(privacyRequestRefusals.has(code) || code.startsWith('ERASURE_')).toBe(true);
  });
});
