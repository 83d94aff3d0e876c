import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport, type MailTransport } from '../../src/modules/outbox/outbox.transport';
import { AdminCreateCustomerDocument, LiftRestrictionDocument, RestrictMyProcessingDocument, RestrictProcessingDocument } from '../generated/graphql';
import type { TestApi } from '../support/api';
import { startMailServer, type MailServer } from '../support/mail';
import { codesOf, dataOf, expectOnlyError, recordRequest, registerShopper, staff, startRightsApi, type Shopper, type TestClock } from '../rights/rights-scenarios';

/*
 * Art 18(3): "A data subject who has obtained restriction of processing …
 * shall be informed by the controller before the restriction of processing is
 * lifted." (issue 11: "restriction lifted (sent before it is lifted)").
 *
 * liftRestriction only asks for the lift and queues the e-mail; while it waits
 * the restriction holds (staff reads of the restricted field answer
 * RESTRICTED). The outbox delivers the e-mail to a real SMTP server in this
 * process, and the restriction is lifted in the transaction that records the
 * delivery. A customer with no address is told in the app, and the lift is
 * immediate (nothing could be sent, and restricting forever has no ground).
 */

jest.setTimeout(60_000);

const SILENT = createLogger('silent');
const PROFILE = 'query P($id: ID!) { customer(id: $id) { id firstName phone email } }';
type Profile = { customer: { id: string; firstName: string | null; phone: string | null; email: string | null } | null };
const LIFT_REASON = 'Puhelinnumero tarkistettu: se on oikein';

let api: TestApi;
let clock: TestClock;
let mail: MailServer;
let transport: MailTransport;

beforeAll(async () => {
  ({ api, clock } = await startRightsApi());
  mail = await startMailServer();
  transport = smtpTransport(mail.url);
});
afterAll(async () => {
  transport.close();
  await mail.close();
  await api.close();
});

const deliver = () => drainOutbox(api.db.orm, transport, DEFAULT_OUTBOX_SETTINGS, SILENT, () => clock.now);
const restrictionRow = (id: string) =>
  api.db.query<{ lifted_at: Date | null; lift_requested_at: Date | null; lift_notice_id: string | null; lifted_by: string | null }>(
    'select lifted_at, lift_requested_at, lift_notice_id, lifted_by from restriction where id = $1',
    [id],
  );

describe('Art 18(3) a customer with an e-mail address: told first, lifted after delivery', () => {
  let aino: Shopper;
  let restrictionId: string;

  beforeAll(async () => {
    aino = await registerShopper(api, { firstName: 'Áile' });
    restrictionId = dataOf(await aino.client.request(RestrictMyProcessingDocument, { input: { fields: ['phone'], reason: `Numero ${aino.phoneE164} ei ole minun` } }), 'restrict')
      .restrictMyProcessing!.id;
    await deliver();
    mail.messages.splice(0);
  });

  it('liftRestriction answers liftPending: the restriction still holds and the phone still reads RESTRICTED', async () => {
    const lifted = dataOf(await staff(api, 'PRIVACY_OFFICER').request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'lift').liftRestriction!;
    expect(lifted).toMatchObject({ id: restrictionId, liftPending: true, liftedAt: null, liftReason: LIFT_REASON, liftRequestedAt: expect.any(String) });

    const [row] = await restrictionRow(restrictionId);
    expect(row).toMatchObject({ lifted_at: null, lift_requested_at: expect.any(Date), lift_notice_id: expect.any(String) });
    const [email] = await api.db.query<{ kind: string; status: string }>('select kind, status from email_outbox where id = $1', [row.lift_notice_id]);
    expect(email).toEqual({ kind: 'RESTRICTION_LIFTING', status: 'PENDING' });

    const read = await staff(api, 'CUSTOMER_SERVICE').raw<Profile>(PROFILE, { id: aino.customerId });
    expect(codesOf(read)).toEqual(['RESTRICTED']);
    expect(read.data!.customer).toMatchObject({ phone: null, email: aino.email });
    expect(mail.to(aino.email)).toEqual([]);
  });

  it('asking again while the notice is on its way answers RESTRICTION_LIFT_PENDING and queues nothing more', async () => {
    const before = await api.db.query('select id from email_outbox where customer_id = $1', [aino.customerId]);
    expectOnlyError(await staff(api, 'PRIVACY_OFFICER').request(LiftRestrictionDocument, { restrictionId, reason: 'Uudelleen' }), 'RESTRICTION_LIFT_PENDING');
    expect(await api.db.query('select id from email_outbox where customer_id = $1', [aino.customerId])).toHaveLength(before.length);
  });

  it('once the outbox delivered the e-mail, the restriction is lifted and the phone reads again', async () => {
    const report = await deliver();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [received] = mail.to(aino.email);
    expect(received).toBeDefined();
    expect(received.text).toContain(LIFT_REASON);
    // No more personal data than the message needs: not the disputed number itself.
    expect(received.text).not.toContain(aino.phoneE164);

    const [row] = await restrictionRow(restrictionId);
    expect(row.lifted_at).toEqual(expect.any(Date));
    // Lifted at the delivery, never before the e-mail was accepted.
    const [email] = await api.db.query<{ status: string; sent_at: Date }>('select status, sent_at from email_outbox where id = $1', [row.lift_notice_id]);
    expect(email.status).toBe('SENT');
    expect(row.lifted_at!.getTime()).toBeGreaterThanOrEqual(email.sent_at.getTime());

    const read = await staff(api, 'CUSTOMER_SERVICE').raw<Profile>(PROFILE, { id: aino.customerId });
    expect(codesOf(read)).toEqual([]);
    expect(read.data!.customer).toMatchObject({ phone: aino.phoneE164 });
    expectOnlyError(await staff(api, 'PRIVACY_OFFICER').request(LiftRestrictionDocument, { restrictionId, reason: 'Kolmas kerta' }), 'RESTRICTION_LIFTED');
  });
});

describe('Art 18(3) a retried delivery: the restriction holds through every failed attempt', () => {
  it('a 451 from the mail server leaves the restriction in force; the successful retry lifts it', async () => {
    const eero = await registerShopper(api, { firstName: 'Eero' });
    const restrictionId = dataOf(await eero.client.request(RestrictMyProcessingDocument, { input: { fields: ['phone'], reason: 'Kiistanalainen' } }), 'restrict')
      .restrictMyProcessing!.id;
    await deliver();
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'lift');
    mail.failNext(1, 451);
    const failed = await deliver();
    expect(failed.retried).toBe(1);
    expect((await restrictionRow(restrictionId))[0].lifted_at).toBeNull();
    expect(codesOf(await staff(api, 'CUSTOMER_SERVICE').raw<Profile>(PROFILE, { id: eero.customerId }))).toEqual(['RESTRICTED']);

    // The retry is due after the backoff: an hour later on the test clock.
    clock.set(new Date(clock.now.getTime() + 3_600_000));
    await deliver();
    expect((await restrictionRow(restrictionId))[0].lifted_at).toEqual(expect.any(Date));
    expect(
      mail
        .to(eero.email)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(LIFT_REASON);
  });
});

describe('Art 18(3) a notice that could not be delivered (DEAD): the restriction holds, and asking again sends a new one', () => {
  it('a permanent 550 leaves the lift pending; a second liftRestriction queues a fresh notice whose delivery lifts it', async () => {
    const kaisa = await registerShopper(api, { firstName: 'Kaisa' });
    const restrictionId = dataOf(await kaisa.client.request(RestrictMyProcessingDocument, { input: { fields: ['phone'], reason: 'Kiistanalainen' } }), 'restrict')
      .restrictMyProcessing!.id;
    await deliver();
    const po = staff(api, 'PRIVACY_OFFICER');
    dataOf(await po.request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'lift');
    mail.failNext(1, 550);
    expect((await deliver()).dead).toBe(1);
    const [afterDead] = await restrictionRow(restrictionId);
    expect(afterDead.lifted_at).toBeNull();
    expect(codesOf(await staff(api, 'CUSTOMER_SERVICE').raw<Profile>(PROFILE, { id: kaisa.customerId }))).toEqual(['RESTRICTED']);

    const again = dataOf(await po.request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'lift again').liftRestriction!;
    expect(again).toMatchObject({ liftPending: true, liftedAt: null });
    const [pending] = await restrictionRow(restrictionId);
    expect(pending.lift_notice_id).not.toBe(afterDead.lift_notice_id);
    await deliver();
    expect((await restrictionRow(restrictionId))[0].lifted_at).toEqual(expect.any(Date));
    expect(
      mail
        .to(kaisa.email)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(LIFT_REASON);
  });
});

describe('Art 18(3) a customer with no e-mail address: told in the app, lifted at once', () => {
  it('a phone-only customer entered by customer service: liftRestriction lifts immediately and queues no e-mail', async () => {
    const cs = staff(api, 'CUSTOMER_SERVICE');
    const created = dataOf(
      await cs.request(AdminCreateCustomerDocument, {
        input: { firstName: 'Ánde', lastName: 'Niillas', phone: '+358 40 765 4321', source: 'PHONE', addresses: [], consents: [] },
      }),
      'createCustomer',
    ).createCustomer!;
    const requestId = await recordRequest(api, created.id, 'RESTRICTION', { channel: 'POST' });
    const restriction = dataOf(
      await staff(api, 'PRIVACY_OFFICER').request(RestrictProcessingDocument, { requestId, input: { fields: ['lastName'], reason: 'Sukunimi kiistanalainen' } }),
      'restrictProcessing',
    ).restrictProcessing!;
    const lifted = dataOf(await staff(api, 'PRIVACY_OFFICER').request(LiftRestrictionDocument, { restrictionId: restriction.id, reason: LIFT_REASON }), 'lift').liftRestriction!;
    expect(lifted).toMatchObject({ liftPending: false, liftedAt: expect.any(String), liftReason: LIFT_REASON });
    const [row] = await restrictionRow(restriction.id);
    expect(row).toMatchObject({ lifted_at: expect.any(Date), lift_notice_id: null });
    expect(await api.db.query("select id from email_outbox where customer_id = $1 and kind = 'RESTRICTION_LIFTING'", [created.id])).toEqual([]);
    const [notice] = await api.db.query<{ message: string }>("select message from customer_notice where customer_id = $1 and kind = 'RESTRICTION_LIFTING'", [created.id]);
    expect(notice.message).toContain(LIFT_REASON);
  });
});
