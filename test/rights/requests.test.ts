import {
  CompletePrivacyRequestDocument,
  ExportCustomerDataDocument,
  ExtendPrivacyRequestDocument,
  MyNoticesDocument,
  MyPrivacyRequestsDocument,
  PrivacyRequestsDocument,
  RecordPrivacyRequestDocument,
  RefusePrivacyRequestDocument,
  VerifyPrivacyRequestDocument,
  type PrivacyRequestFilter,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { dataOf, expectOnlyError, recordRequest, recordWrittenRequest, registerShopper, signIn, staff, startRightsApi, type Shopper, type TestClock } from './rights-scenarios';

/*
 * Data-subject requests (§8): every right is asked for in writing; a request
 * by e-mail or post waits until the requester's identity is verified (§8.5);
 * it is answered within one calendar month (§8.6, GDPR Art 12(3)), which the
 * privacy officer may extend once by at most two further months, telling the
 * customer why; and it ends COMPLETED, or REFUSED with a reason the customer
 * can read (§8.7).
 */

let api: TestApi;
let clock: TestClock;

beforeAll(async () => {
  ({ api, clock } = await startRightsApi('2026-02-02T08:00:00.000Z'));
}, 60_000);
afterAll(() => api.close());

const cs = () => staff(api, 'CUSTOMER_SERVICE');
const po = () => staff(api, 'PRIVACY_OFFICER');
const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : value);

async function row(requestId: string) {
  const [found] = await api.db.query<{
    status: string;
    received_at: Date;
    due_at: Date;
    extended_due_at: Date | null;
    verified_at: Date | null;
    verified_by: string | null;
    verification_method: string | null;
    resolved_at: Date | null;
    refusal_reason: string | null;
  }>('select * from privacy_request where id = $1', [requestId]);
  return found;
}

async function listed(filter: PrivacyRequestFilter, first = 50, after?: string) {
  return dataOf(await cs().request(PrivacyRequestsDocument, { first, after, filter }), 'privacyRequests').privacyRequests!;
}

async function noticesOf(shopper: Shopper) {
  await signIn(api, shopper);
  return dataOf(await shopper.client.request(MyNoticesDocument), 'myNotices').myNotices!;
}

async function requestsOf(shopper: Shopper) {
  await signIn(api, shopper);
  return dataOf(await shopper.client.request(MyPrivacyRequestsDocument), 'myPrivacyRequests').myPrivacyRequests!;
}

describe('§8/§8.6 recording a written request: AWAITING_VERIFICATION, due one calendar month after receipt', () => {
  let shopper: Shopper;
  beforeAll(async () => {
    clock.set('2026-03-20T12:00:00.000Z');
    shopper = await registerShopper(api);
  });

  it.each([
    ['the 31st of January is due on the last day of February', '2026-01-31T09:30:00.000Z', '2026-02-28T09:30:00.000Z'],
    ['a mid-month date is due on the same day next month', '2026-03-14T11:05:00.000Z', '2026-04-14T11:05:00.000Z'],
    ['a request received on the 31st of December is due on the 31st of January', '2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z'],
    ['the 30th of January is due on the last day of February', '2026-01-30T07:00:00.000Z', '2026-02-28T07:00:00.000Z'],
  ])('§8.6 %s', async (_label, receivedAt, dueAt) => {
    clock.set('2026-03-20T12:00:00.000Z');
    const recorded = await recordWrittenRequest(api, shopper.customerId, 'ACCESS', { receivedAt, channel: 'POST' });
    expect(recorded).toMatchObject({ customerId: shopper.customerId, type: 'ACCESS', status: 'AWAITING_VERIFICATION', channel: 'POST' });
    expect(iso(recorded.receivedAt)).toBe(receivedAt);
    expect(iso(recorded.dueAt)).toBe(dueAt);
    expect(iso(recorded.effectiveDueAt)).toBe(dueAt);
    const stored = await row(recorded.id);
    expect(stored.due_at.toISOString()).toBe(dueAt);
    expect({ verifiedAt: stored.verified_at, resolvedAt: stored.resolved_at }).toEqual({ verifiedAt: null, resolvedAt: null });
  });

  it('§8.6 a leap year: the 31st of January 2028 is due on the 29th of February', async () => {
    clock.set('2028-02-01T10:00:00.000Z');
    const recorded = await recordWrittenRequest(api, shopper.customerId, 'ERASURE', { receivedAt: '2028-01-31T10:00:00.000Z' });
    expect(iso(recorded.dueAt)).toBe('2028-02-29T10:00:00.000Z');
  });

  it('§8.6 without a receipt time the request is received now, and due a calendar month from now', async () => {
    clock.set('2026-05-31T13:45:00.000Z');
    const recorded = await recordWrittenRequest(api, shopper.customerId, 'RECTIFICATION');
    expect(iso(recorded.receivedAt)).toBe('2026-05-31T13:45:00.000Z');
    expect(iso(recorded.dueAt)).toBe('2026-06-30T13:45:00.000Z');
    expect(recorded.overdue).toBe(false);
  });

  it('§8 a receipt time in the future and a STOREFRONT channel are refused (BAD_USER_INPUT); an unknown customer is NOT_FOUND', async () => {
    clock.set('2026-03-20T12:00:00.000Z');
    const before = (await api.db.query<{ n: number }>('select count(*)::int as n from privacy_request'))[0].n;
    const future = await cs().request(RecordPrivacyRequestDocument, {
      input: { customerId: shopper.customerId, type: 'ACCESS', channel: 'EMAIL', receivedAt: '2026-03-21T12:00:00.000Z' },
    });
    expect(expectOnlyError(future, 'BAD_USER_INPUT').extensions?.field).toBe('input.receivedAt');
    const storefront = await cs().request(RecordPrivacyRequestDocument, { input: { customerId: shopper.customerId, type: 'ACCESS', channel: 'STOREFRONT' } });
    expect(expectOnlyError(storefront, 'BAD_USER_INPUT').extensions?.field).toBe('input.channel');
    expectOnlyError(
      await cs().request(RecordPrivacyRequestDocument, { input: { customerId: '00000000-0000-4000-8000-000000000000', type: 'ACCESS', channel: 'EMAIL' } }),
      'NOT_FOUND',
    );
    expect((await api.db.query<{ n: number }>('select count(*)::int as n from privacy_request'))[0].n).toBe(before);
  });

  it('§9.2 marketing, accounting and the customer cannot record requests (FORBIDDEN)', async () => {
    for (const client of [staff(api, 'MARKETING'), staff(api, 'ACCOUNTING'), (await signIn(api, shopper), shopper.client)]) {
      expectOnlyError(await client.request(RecordPrivacyRequestDocument, { input: { customerId: shopper.customerId, type: 'ACCESS', channel: 'EMAIL' } }), 'FORBIDDEN');
    }
  });
});

describe('§8.5 verifying the requester’s identity', () => {
  it('§8.5 records how, when and by whom identity was verified; the request opens; it cannot be verified twice', async () => {
    clock.set('2026-04-01T09:00:00.000Z');
    const shopper = await registerShopper(api);
    const { id: requestId } = await recordWrittenRequest(api, shopper.customerId, 'ACCESS', { receivedAt: '2026-03-30T15:00:00.000Z' });
    clock.set('2026-04-02T10:15:00.000Z');
    const verifier = staff(api, 'CUSTOMER_SERVICE');
    const verified = dataOf(await verifier.request(VerifyPrivacyRequestDocument, { requestId, method: 'the customer replied from the registered e-mail address' }), 'verify')
      .verifyPrivacyRequest!;
    expect(verified).toMatchObject({ id: requestId, status: 'OPEN', verificationMethod: 'the customer replied from the registered e-mail address' });
    expect(iso(verified.verifiedAt)).toBe('2026-04-02T10:15:00.000Z');
    const stored = await row(requestId);
    expect(stored).toMatchObject({ status: 'OPEN', verification_method: 'the customer replied from the registered e-mail address' });
    expect(stored.verified_at?.toISOString()).toBe('2026-04-02T10:15:00.000Z');
    expect(stored.verified_by).toMatch(/^[0-9a-f-]{36}$/);
    // The deadline still counts from receipt, not from verification.
    expect(stored.due_at.toISOString()).toBe('2026-04-30T15:00:00.000Z');

    expectOnlyError(await verifier.request(VerifyPrivacyRequestDocument, { requestId, method: 'again' }), 'REQUEST_NOT_AWAITING_VERIFICATION');
  });

  it('§8.5 a method must be given (BAD_USER_INPUT); marketing cannot verify (FORBIDDEN); the request keeps waiting', async () => {
    const shopper = await registerShopper(api);
    const { id: requestId } = await recordWrittenRequest(api, shopper.customerId, 'ERASURE');
    expectOnlyError(await cs().request(VerifyPrivacyRequestDocument, { requestId, method: '   ' }), 'BAD_USER_INPUT');
    expectOnlyError(await staff(api, 'MARKETING').request(VerifyPrivacyRequestDocument, { requestId, method: 'phone call' }), 'FORBIDDEN');
    expect((await row(requestId)).status).toBe('AWAITING_VERIFICATION');
  });
});

describe('§8.6 extending the deadline once, by one or two months, telling the customer why', () => {
  let shopper: Shopper;
  let requestId: string;
  const reason = 'Your request covers ten years of orders; we need more time to collect them.';

  beforeAll(async () => {
    clock.set('2026-03-20T08:00:00.000Z');
    shopper = await registerShopper(api);
    requestId = await recordRequest(api, shopper.customerId, 'ACCESS', { receivedAt: '2026-03-10T14:00:00.000Z' });
  });

  it('§8.6 only the privacy officer extends: customer service is FORBIDDEN', async () => {
    expectOnlyError(await cs().request(ExtendPrivacyRequestDocument, { requestId, months: 1, reason }), 'FORBIDDEN');
    expect((await row(requestId)).extended_due_at).toBeNull();
  });

  it.each([3, 0, -1])('§8.6 extending by %i months is refused (BAD_USER_INPUT) and changes nothing', async (months) => {
    expect(expectOnlyError(await po().request(ExtendPrivacyRequestDocument, { requestId, months, reason }), 'BAD_USER_INPUT').extensions?.field).toBe('months');
    expect((await row(requestId)).extended_due_at).toBeNull();
  });

  it('§8.6 an extension needs a reason (BAD_USER_INPUT)', async () => {
    expectOnlyError(await po().request(ExtendPrivacyRequestDocument, { requestId, months: 2, reason: ' ' }), 'BAD_USER_INPUT');
    expect((await row(requestId)).extended_due_at).toBeNull();
  });

  it('§8.6 extended by two months: the new deadline counts from the original one, and the customer reads why in myNotices', async () => {
    clock.set('2026-04-01T09:00:00.000Z');
    const extended = dataOf(await po().request(ExtendPrivacyRequestDocument, { requestId, months: 2, reason }), 'extend').extendPrivacyRequest!;
    expect(iso(extended.dueAt)).toBe('2026-04-10T14:00:00.000Z');
    expect(iso(extended.extendedDueAt)).toBe('2026-06-10T14:00:00.000Z');
    expect(iso(extended.effectiveDueAt)).toBe('2026-06-10T14:00:00.000Z');
    expect(extended.extensionReason).toBe(reason);

    const notices = await noticesOf(shopper);
    const told = notices.filter((n) => n.kind === 'REQUEST_EXTENDED');
    expect(told).toHaveLength(1);
    expect(told[0].requestId).toBe(requestId);
    expect(told[0].message).toContain(reason);
    expect(told[0].message).toContain('2026-06-10');
    expect(iso(told[0].createdAt)).toBe('2026-04-01T09:00:00.000Z');

    const [mine] = (await requestsOf(shopper)).filter((r) => r.id === requestId);
    expect(iso(mine.effectiveDueAt)).toBe('2026-06-10T14:00:00.000Z');
  });

  it('§8.6 a second extension is refused with REQUEST_ALREADY_EXTENDED and moves nothing', async () => {
    expectOnlyError(await po().request(ExtendPrivacyRequestDocument, { requestId, months: 1, reason: 'still more time' }), 'REQUEST_ALREADY_EXTENDED');
    expect((await row(requestId)).extended_due_at?.toISOString()).toBe('2026-06-10T14:00:00.000Z');
    expect((await noticesOf(shopper)).filter((n) => n.kind === 'REQUEST_EXTENDED')).toHaveLength(1);
  });

  it('§8.6 an extension from a month-end deadline never reaches beyond three calendar months from receipt (Art 12(3))', async () => {
    clock.set('2026-02-03T10:00:00.000Z');
    const other = await registerShopper(api);
    const id = await recordRequest(api, other.customerId, 'RECTIFICATION', { receivedAt: '2026-01-31T10:00:00.000Z' });
    const extended = dataOf(await po().request(ExtendPrivacyRequestDocument, { requestId: id, months: 2, reason: 'Waiting for the courier’s records.' }), 'extend')
      .extendPrivacyRequest!;
    expect(iso(extended.dueAt)).toBe('2026-02-28T10:00:00.000Z');
    const newDeadline = new Date(extended.extendedDueAt!).getTime();
    expect(newDeadline).toBeGreaterThan(new Date('2026-04-27T10:00:00.000Z').getTime());
    // One month plus two further months from the 31st of January ends on the 30th of April at the latest.
    expect(newDeadline).toBeLessThanOrEqual(new Date('2026-04-30T10:00:00.000Z').getTime());
  });
});

describe('§8.6 the privacy officer’s worklist: open requests most urgent first, and the overdue ones', () => {
  let shopper: Shopper;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    clock.set('2026-06-01T12:00:00.000Z');
    shopper = await registerShopper(api);
    // Received …                                         due …
    ids.april10 = await recordRequest(api, shopper.customerId, 'ACCESS', { receivedAt: '2026-04-10T09:00:00.000Z' }); // 05-10: overdue
    ids.may20 = (await recordWrittenRequest(api, shopper.customerId, 'RECTIFICATION', { receivedAt: '2026-05-20T09:00:00.000Z' })).id; // 06-20, unverified
    ids.april25 = await recordRequest(api, shopper.customerId, 'OBJECTION', { receivedAt: '2026-04-25T09:00:00.000Z' }); // 05-25: overdue
    ids.may05 = await recordRequest(api, shopper.customerId, 'ERASURE', { receivedAt: '2026-05-05T09:00:00.000Z' }); // 06-05, extended to 08-05
    dataOf(await po().request(ExtendPrivacyRequestDocument, { requestId: ids.may05, months: 2, reason: 'Legal review of a disputed order.' }), 'extend');
    ids.closed = await recordRequest(api, shopper.customerId, 'ACCESS', { receivedAt: '2026-03-01T09:00:00.000Z' }); // 04-01: overdue but answered
    dataOf(await po().request(ExportCustomerDataDocument, { requestId: ids.closed }), 'export');
  });

  it('§8.6 lists the open requests (awaiting verification or open), most urgent deadline first; answered ones are not listed', async () => {
    clock.set('2026-06-01T12:00:00.000Z');
    const page = await listed({ customerId: shopper.customerId });
    expect(page.edges.map(({ node: n }) => n.id)).toEqual([ids.april10, ids.april25, ids.may20, ids.may05]);
    expect(page.edges.map(({ node: n }) => iso(n.effectiveDueAt))).toEqual([
      '2026-05-10T09:00:00.000Z',
      '2026-05-25T09:00:00.000Z',
      '2026-06-20T09:00:00.000Z',
      '2026-08-05T09:00:00.000Z',
    ]);
    expect(page.edges.map(({ node: n }) => n.overdue)).toEqual([true, true, false, false]);
    expect(page.edges.map(({ node: n }) => n.status)).toEqual(['OPEN', 'OPEN', 'AWAITING_VERIFICATION', 'OPEN']);
  });

  it('§8.6 pages keep the order', async () => {
    const first = await listed({ customerId: shopper.customerId }, 3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await listed({ customerId: shopper.customerId }, 3, first.pageInfo.endCursor!);
    expect([...first.edges.map((e) => e.node), ...second.edges.map((e) => e.node)].map((n) => n.id)).toEqual([ids.april10, ids.april25, ids.may20, ids.may05]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('§8.6 overdueOnly lists exactly the open requests past their deadline, as the clock moves', async () => {
    const overdue = async () => (await listed({ customerId: shopper.customerId, overdueOnly: true })).edges.map(({ node: n }) => n.id);
    clock.set('2026-06-01T12:00:00.000Z');
    expect(await overdue()).toEqual([ids.april10, ids.april25]);
    // Exactly at the deadline it is not yet overdue; a millisecond later it is.
    clock.set('2026-06-20T09:00:00.000Z');
    expect(await overdue()).toEqual([ids.april10, ids.april25]);
    clock.set('2026-06-20T09:00:00.001Z');
    expect(await overdue()).toEqual([ids.april10, ids.april25, ids.may20]);
    // The extended request is overdue only after its new deadline.
    clock.set('2026-08-05T08:59:59.000Z');
    expect(await overdue()).toEqual([ids.april10, ids.april25, ids.may20]);
    clock.set('2026-08-06T00:00:00.000Z');
    expect(await overdue()).toEqual([ids.april10, ids.april25, ids.may20, ids.may05]);
    const all = await listed({ customerId: shopper.customerId });
    expect(all.edges.map((e) => e.node).every((n) => n.overdue)).toBe(true);
  });

  it('§8.6 dueWithinDays lists those due within the days given, overdue ones included', async () => {
    clock.set('2026-06-01T12:00:00.000Z');
    expect((await listed({ customerId: shopper.customerId, dueWithinDays: 30 })).edges.map(({ node: n }) => n.id)).toEqual([ids.april10, ids.april25, ids.may20]);
  });

  it('§9.2 the worklist is for customer service and the privacy officer only', async () => {
    for (const role of ['MARKETING', 'ACCOUNTING', 'ADMIN'] as const) {
      expectOnlyError(await staff(api, role).request(PrivacyRequestsDocument, { first: 10, filter: { customerId: shopper.customerId } }), 'FORBIDDEN');
    }
    expect((await po().request(PrivacyRequestsDocument, { first: 10, filter: { customerId: shopper.customerId } })).errors).toBeUndefined();
  });
});

describe('§8.7 refusing with a reason the customer reads; every request ends COMPLETED or REFUSED', () => {
  it('§8.7 refusePrivacyRequest (privacy officer) gives a reason the customer reads in myPrivacyRequests and myNotices', async () => {
    clock.set('2026-07-01T10:00:00.000Z');
    const shopper = await registerShopper(api);
    const requestId = await recordRequest(api, shopper.customerId, 'OBJECTION');
    const reason = 'Your orders are processed to perform the purchase contract (§3.1), which an objection does not end.';

    expectOnlyError(await cs().request(RefusePrivacyRequestDocument, { requestId, reason }), 'FORBIDDEN');
    expectOnlyError(await po().request(RefusePrivacyRequestDocument, { requestId, reason: '' }), 'BAD_USER_INPUT');
    expect((await row(requestId)).status).toBe('OPEN');

    clock.set('2026-07-02T11:30:00.000Z');
    const refused = dataOf(await po().request(RefusePrivacyRequestDocument, { requestId, reason }), 'refuse').refusePrivacyRequest!;
    expect(refused).toMatchObject({ id: requestId, status: 'REFUSED', refusalReason: reason });
    expect(iso(refused.resolvedAt)).toBe('2026-07-02T11:30:00.000Z');

    const [mine] = await requestsOf(shopper);
    expect(mine).toMatchObject({ id: requestId, type: 'OBJECTION', status: 'REFUSED', refusalReason: reason, overdue: false });
    const notices = await noticesOf(shopper);
    expect(notices).toEqual([expect.objectContaining({ kind: 'REQUEST_REFUSED', requestId })]);
    expect(notices[0].message).toContain(reason);
  });

  it('§8.5 a request whose requester cannot be verified is refused, never left waiting', async () => {
    const shopper = await registerShopper(api);
    const { id: requestId } = await recordWrittenRequest(api, shopper.customerId, 'ACCESS', { channel: 'POST' });
    const reason = 'We could not verify that the letter came from you; please sign in and download your data in the webshop.';
    dataOf(await po().request(RefusePrivacyRequestDocument, { requestId, reason }), 'refuse');
    expect(await row(requestId)).toMatchObject({ status: 'REFUSED', refusal_reason: reason, verified_at: null });
  });

  it('§8 every request ends COMPLETED or REFUSED, and a closed request stays closed', async () => {
    clock.set('2026-07-10T10:00:00.000Z');
    const shopper = await registerShopper(api);
    const access = await recordRequest(api, shopper.customerId, 'ACCESS');
    const rectification = await recordRequest(api, shopper.customerId, 'RECTIFICATION');
    const objection = await recordRequest(api, shopper.customerId, 'OBJECTION');
    const unverified = (await recordWrittenRequest(api, shopper.customerId, 'DIRECT_MARKETING_BAN')).id;
    expect((await listed({ customerId: shopper.customerId })).edges.map((e) => e.node)).toHaveLength(4);

    // An unverified request cannot be closed as done.
    expectOnlyError(await cs().request(CompletePrivacyRequestDocument, { requestId: unverified, note: 'done' }), 'REQUEST_NOT_OPEN');

    dataOf(await po().request(ExportCustomerDataDocument, { requestId: access }), 'export');
    const completed = dataOf(await cs().request(CompletePrivacyRequestDocument, { requestId: rectification, note: 'Postal code corrected.' }), 'complete').completePrivacyRequest!;
    expect(completed).toMatchObject({ status: 'COMPLETED', note: 'Postal code corrected.' });
    dataOf(await po().request(RefusePrivacyRequestDocument, { requestId: objection, reason: 'The processing rests on the purchase contract.' }), 'refuse');
    dataOf(await po().request(RefusePrivacyRequestDocument, { requestId: unverified, reason: 'Identity could not be verified.' }), 'refuse');

    expect((await listed({ customerId: shopper.customerId })).edges.map((e) => e.node)).toEqual([]);
    const rows = await api.db.query<{ id: string; status: string; resolved_at: Date | null }>(
      'select id, status, resolved_at from privacy_request where customer_id = $1 order by received_at, id',
      [shopper.customerId],
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(['COMPLETED', 'REFUSED']).toContain(r.status);
      expect(r.resolved_at?.toISOString()).toBe('2026-07-10T10:00:00.000Z');
    }
    const closed = await listed({ customerId: shopper.customerId, status: ['COMPLETED', 'REFUSED'] });
    expect(closed.edges.map(({ node: n }) => n.id).sort()).toEqual([access, rectification, objection, unverified].sort());

    // Closed stays closed: no second answer, no extension, no re-verification.
    for (const requestId of [access, rectification, objection, unverified]) {
      expectOnlyError(await po().request(RefusePrivacyRequestDocument, { requestId, reason: 'again' }), 'REQUEST_CLOSED');
      expectOnlyError(await po().request(ExtendPrivacyRequestDocument, { requestId, months: 1, reason: 'late' }), 'REQUEST_CLOSED');
      expectOnlyError(await cs().request(CompletePrivacyRequestDocument, { requestId, note: 'again' }), 'REQUEST_NOT_OPEN');
      expectOnlyError(await cs().request(VerifyPrivacyRequestDocument, { requestId, method: 'again' }), 'REQUEST_NOT_AWAITING_VERIFICATION');
    }
    const after = await api.db.query<{ id: string; status: string }>('select id, status from privacy_request where customer_id = $1 order by received_at, id', [
      shopper.customerId,
    ]);
    expect(after.map((r) => [r.id, r.status])).toEqual(rows.map((r) => [r.id, r.status]));

    // The customer was told of every outcome.
    const kinds = (await noticesOf(shopper)).map((n) => n.kind).sort();
    expect(kinds).toEqual(['REQUEST_COMPLETED', 'REQUEST_COMPLETED', 'REQUEST_REFUSED', 'REQUEST_REFUSED']);
  });

  it('§8 a customer sees only their own requests and messages', async () => {
    const first = await registerShopper(api);
    const second = await registerShopper(api);
    const mine = await recordRequest(api, first.customerId, 'ACCESS');
    dataOf(await po().request(RefusePrivacyRequestDocument, { requestId: mine, reason: 'A reason for the first customer only.' }), 'refuse');
    expect((await requestsOf(first)).map((r) => r.id)).toEqual([mine]);
    expect(await requestsOf(second)).toEqual([]);
    expect(await noticesOf(second)).toEqual([]);
  });
});
