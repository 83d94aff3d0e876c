import {
  CustomerProfileForStaffDocument,
  LiftRestrictionDocument,
  MeDocument,
  MyConsentsAndRestrictionsDocument,
  MyNoticesDocument,
  RestrictMyProcessingDocument,
  RestrictProcessingDocument,
} from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport } from '../../src/modules/outbox/outbox.transport';
import { startMailServer, type MailServer } from '../support/mail';
import {
  bookkeptOrderNumbers,
  codesOf,
  dataOf,
  deliveredOrderNumbers,
  expectOnlyError,
  handToCourier,
  marketingAudience,
  partnerNotices,
  partnerWithToken,
  pathsWithCode,
  placeShopOrder,
  recordedRequest,
  registerShopper,
  staffMember,
  verifiedRequest,
  writeCounts,
  type PartnerWithToken,
  type ShopOrder,
  type Shopper,
  type StaffMember,
} from './consent-scenarios';

/*
 * §8.8 and §8.11 (GDPR Art 18): while data is disputed it is only stored.
 * Staff other than the privacy officer get RESTRICTED instead of a disputed
 * field; a restriction of all processing takes the customer out of the
 * marketing audience and out of what partners receive. Recipients are told
 * (Art 19); the customer is told before it is lifted, with the reason
 * (Art 18(3)).
 */

let api: TestApi;
let admin: StaffMember;
let customerService: StaffMember;
let privacyOfficer: StaffMember;
let marketing: StaffMember;
let courier: PartnerWithToken;
let bookkeeper: PartnerWithToken;
let bystander: PartnerWithToken;
let mail: MailServer;

/** Art 18(3): a lift takes effect once the outbox delivered its notice (to the real SMTP server in this process). */
async function deliverMail(): Promise<void> {
  const transport = smtpTransport(mail.url);
  try {
    await drainOutbox(api.db.orm, transport, DEFAULT_OUTBOX_SETTINGS, createLogger('silent'));
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  api = await startTestApi();
  mail = await startMailServer();
  admin = staffMember(api, 'ADMIN');
  customerService = staffMember(api, 'CUSTOMER_SERVICE');
  privacyOfficer = staffMember(api, 'PRIVACY_OFFICER');
  marketing = staffMember(api, 'MARKETING');
  courier = await partnerWithToken(api, admin, 'LOGISTICS');
  bookkeeper = await partnerWithToken(api, admin, 'ACCOUNTING');
  bystander = await partnerWithToken(api, admin, 'LOGISTICS');
}, 60_000);
afterAll(async () => {
  await mail.close();
  await api.close();
});

/** The profile fields a staff member reads in the admin panel. */
const STAFF_PROFILE = `query StaffProfile($id: ID!) { customer(id: $id) { id firstName lastName email phone addresses { line1 } } }`;
type StaffProfile = {
  customer: { id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; addresses: { line1: string }[] | null } | null;
};

function readProfile(staff: StaffMember, id: string) {
  return staff.client.raw<StaffProfile>(STAFF_PROFILE, { id });
}

describe('§8.11 restricting disputed fields (restrictMyProcessing with fields)', () => {
  let aino: Shopper;
  let order: ShopOrder;
  let restrictionId: string;

  beforeAll(async () => {
    aino = await registerShopper(api, { consents: ['EMAIL_MARKETING'] });
    order = await placeShopOrder(aino);
    await handToCourier(customerService, courier, order);
    // The bookkeeper received the order too (§7.4).
    expect(await bookkeptOrderNumbers(bookkeeper)).toContain(order.orderNumber);
  });

  it('§8.11 the customer disputes e-mail and phone: the restriction is recorded on a COMPLETED storefront RESTRICTION request and audited', async () => {
    const result = await aino.client.request(RestrictMyProcessingDocument, { input: { fields: ['email', 'phone', 'email'], reason: 'Sähköposti ja puhelin ovat väärin' } });
    const restriction = dataOf(result, 'restrictMyProcessing').restrictMyProcessing!;
    expect(restriction).toMatchObject({ fields: ['email', 'phone'], reason: 'Sähköposti ja puhelin ovat väärin', liftedAt: null });
    restrictionId = restriction.id;
    const [row] = await api.db.query<{ fields: string[]; placed_by: string; type: string; status: string; channel: string }>(
      `select r.fields, r.placed_by, p.type::text as type, p.status::text as status, p.channel::text as channel
       from restriction r join privacy_request p on p.id = r.request_id where r.id = $1`,
      [restrictionId],
    );
    expect(row).toEqual({ fields: ['email', 'phone'], placed_by: 'CUSTOMER', type: 'RESTRICTION', status: 'COMPLETED', channel: 'STOREFRONT' });
    const audits = await api.db.query<{ fields: string[]; principal_kind: string }>(
      `select fields, principal_kind::text as principal_kind from audit_entry where customer_id = $1 and action = 'CHANGE' and operation = 'restriction'`,
      [aino.customerId],
    );
    expect(audits).toEqual([{ fields: ['Customer.restriction'], principal_kind: 'CUSTOMER' }]);
  });

  it('§8.11 CUSTOMER_SERVICE reading the customer gets RESTRICTED at Customer.email and Customer.phone; first name and addresses still arrive', async () => {
    const result = await readProfile(customerService, aino.customerId);
    expect(pathsWithCode(result, 'RESTRICTED')).toEqual(['customer.email', 'customer.phone']);
    expect(codesOf(result).every((c) => c === 'RESTRICTED')).toBe(true);
    expect(result.data!.customer).toEqual({
      id: aino.customerId,
      firstName: aino.firstName,
      lastName: aino.lastName,
      email: null,
      phone: null,
      addresses: [{ line1: 'Isokatu 25' }],
    });
  });

  it('§8.11 MARKETING reading the customer gets RESTRICTED at Customer.email and Customer.phone; first name still arrives', async () => {
    const result = await readProfile(marketing, aino.customerId);
    expect(pathsWithCode(result, 'RESTRICTED')).toEqual(['customer.email', 'customer.phone']);
    expect(result.data!.customer).toMatchObject({ id: aino.customerId, firstName: aino.firstName, email: null, phone: null });
    // The typed admin-panel profile query answers the same for the disputed fields.
    const typed = await marketing.client.request(CustomerProfileForStaffDocument, { id: aino.customerId });
    expect(pathsWithCode(typed, 'RESTRICTED')).toEqual(['customer.email', 'customer.phone']);
    expect(typed.data!.customer).toMatchObject({ firstName: aino.firstName, email: null, phone: null });
  });

  it('§8.11 §9.2 a refused field is not recorded as read in the audit', async () => {
    const [read] = await api.db.query<{ fields: string[] }>(
      `select fields from audit_entry where customer_id = $1 and action = 'READ' and principal_id = $2 order by id desc limit 1`,
      [aino.customerId, customerService.id],
    );
    expect(read.fields).toContain('Customer.firstName');
    expect(read.fields).not.toContain('Customer.email');
    expect(read.fields).not.toContain('Customer.phone');
  });

  it('§8.11 the PRIVACY_OFFICER and the customer themself see the values', async () => {
    const po = await readProfile(privacyOfficer, aino.customerId);
    expect(codesOf(po)).toEqual([]);
    expect(po.data!.customer).toMatchObject({ email: aino.email, phone: aino.phone, firstName: aino.firstName });
    const me = await aino.client.request(MeDocument);
    expect(codesOf(me)).toEqual([]);
    expect(me.data!.me).toMatchObject({ email: aino.email, phone: aino.phone });
  });

  it('§8.11 a field restriction leaves the customer in the marketing audience (only disputed fields are withheld)', async () => {
    expect(await marketingAudience(marketing)).toContain(aino.customerId);
  });

  it('§8.8 Art 19 recipients are told of the restriction: a RESTRICTION notice with the order number and the fields', async () => {
    for (const partner of [courier, bookkeeper]) {
      const notices = (await partnerNotices(partner)).filter((n) => n.kind === 'RESTRICTION');
      expect(notices).toHaveLength(1);
      expect(notices[0].orderNumbers).toEqual([order.orderNumber]);
      expect([...notices[0].fields].sort()).toEqual(['email', 'phone']);
    }
    expect(await partnerNotices(bystander)).toEqual([]);
  });

  it('§8.11 an unknown field name → BAD_USER_INPUT on input.fields and nothing is written', async () => {
    const counts = await writeCounts(api);
    for (const fields of [['email', 'salary'], ['*'], []]) {
      const result = await aino.client.request(RestrictMyProcessingDocument, { input: { fields, reason: 'Kiistanalainen' } });
      expectOnlyError(result, 'BAD_USER_INPUT', 'input.fields');
    }
    expect(await writeCounts(api)).toEqual(counts);
  });

  it('§8.11 the restriction is lifted by the privacy officer only; CUSTOMER_SERVICE and the customer are FORBIDDEN', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(await customerService.client.request(LiftRestrictionDocument, { restrictionId, reason: 'Tarkistettu' }), 'FORBIDDEN');
    expectOnlyError(await aino.client.request(LiftRestrictionDocument, { restrictionId, reason: 'Tarkistettu' }), 'FORBIDDEN');
    expect(await writeCounts(api)).toEqual(counts);
    const lifted = await privacyOfficer.client.request(LiftRestrictionDocument, { restrictionId, reason: 'Tiedot tarkistettu: oikein' });
    expect(dataOf(lifted, 'liftRestriction').liftRestriction).toMatchObject({ id: restrictionId, liftReason: 'Tiedot tarkistettu: oikein', liftPending: true, liftedAt: null });
    // Art 18(3): lifted once the customer has been sent the notice.
    await deliverMail();
    const result = await readProfile(customerService, aino.customerId);
    expect(codesOf(result)).toEqual([]);
    expect(result.data!.customer).toMatchObject({ email: aino.email, phone: aino.phone });
  });
});

describe('§8.8 §8.11 restricting all processing (restrictMyProcessing without fields)', () => {
  let eero: Shopper;
  let order: ShopOrder;
  let restrictionId: string;
  const LIFT_REASON = 'Osoitteen oikeellisuus vahvistettu väestötietojärjestelmästä';

  beforeAll(async () => {
    eero = await registerShopper(api, { consents: ['EMAIL_MARKETING', 'SMS_MARKETING'] });
    order = await placeShopOrder(eero);
    await handToCourier(customerService, courier, order);
  });

  it('before: the customer is in the MARKETING list, the courier’s deliveries and the bookkeeper’s orders', async () => {
    expect(await marketingAudience(marketing)).toContain(eero.customerId);
    expect(await deliveredOrderNumbers(courier)).toContain(order.orderNumber);
    expect(await bookkeptOrderNumbers(bookkeeper)).toContain(order.orderNumber);
  });

  it('§8.11 a whole restriction takes the customer out of the MARKETING list (AdminCustomers)', async () => {
    const placed = await eero.client.request(RestrictMyProcessingDocument, { input: { reason: 'Kiistän koko rekisteröinnin' } });
    const restriction = dataOf(placed, 'restrictMyProcessing').restrictMyProcessing!;
    expect(restriction.fields).toBeNull();
    restrictionId = restriction.id;
    expect(await marketingAudience(marketing)).not.toContain(eero.customerId);
    // Asked by id, MARKETING finds no such customer either.
    expect(codesOf(await readProfile(marketing, eero.customerId))).toEqual(['NOT_FOUND']);
  });

  it('§7.4 §8.11 the logistics partner’s deliveryOrders and the accounting token’s orders no longer carry the customer’s orders', async () => {
    expect(await deliveredOrderNumbers(courier)).not.toContain(order.orderNumber);
    expect(await bookkeptOrderNumbers(bookkeeper)).not.toContain(order.orderNumber);
  });

  it('§8.11 CUSTOMER_SERVICE sees every personal field of the profile as RESTRICTED', async () => {
    const result = await readProfile(customerService, eero.customerId);
    expect(pathsWithCode(result, 'RESTRICTED')).toEqual(['customer.addresses', 'customer.email', 'customer.firstName', 'customer.lastName', 'customer.phone']);
    expect(result.data!.customer).toEqual({ id: eero.customerId, firstName: null, lastName: null, email: null, phone: null, addresses: null });
  });

  it('§8.11 the name, e-mail and phone withheld on the profile do not reach CUSTOMER_SERVICE through the customer’s orders either', async () => {
    // The copies on Order.billing / Order.delivery follow the restriction too (the read guard, from the
    // map's copyOf); restriction-copies.test.ts covers them role by role.
    const result = await customerService.client.raw<{
      customer: { orders: { billing: Record<string, unknown> | null; delivery: Record<string, unknown> | null }[] | null } | null;
    }>(`query ($id: ID!) { customer(id: $id) { id orders { orderNumber billing { name email phone line1 } delivery { name phone line1 } } } }`, { id: eero.customerId });
    const sent = JSON.stringify(result.data);
    for (const value of [eero.firstName, eero.lastName, eero.email, eero.phone, 'Isokatu 25']) expect(sent).not.toContain(value);
  });

  it('§8.11 the PRIVACY_OFFICER still sees the stored data, and the customer sees their own', async () => {
    const po = await readProfile(privacyOfficer, eero.customerId);
    expect(codesOf(po)).toEqual([]);
    expect(po.data!.customer).toMatchObject({ firstName: eero.firstName, email: eero.email });
    const mine = dataOf(await eero.client.request(MyConsentsAndRestrictionsDocument), 'me').me!;
    expect(mine.restrictions).toEqual([{ id: restrictionId, fields: null, reason: 'Kiistän koko rekisteröinnin', liftedAt: null, liftReason: null }]);
  });

  it('§8.8 Art 19 the courier is told of the whole restriction (fields *), with the order number', async () => {
    const notices = (await partnerNotices(courier)).filter((n) => n.kind === 'RESTRICTION' && n.orderNumbers.includes(order.orderNumber));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ fields: ['*'], orderNumbers: [order.orderNumber] });
    expect(await partnerNotices(bystander)).toEqual([]);
  });

  it('Art 18(3) liftRestriction: CUSTOMER_SERVICE is FORBIDDEN; the PRIVACY_OFFICER lifts with a reason the customer receives as RESTRICTION_LIFTING in myNotices', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(await customerService.client.request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'FORBIDDEN');
    expectOnlyError(await marketing.client.request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'FORBIDDEN');
    expect(await writeCounts(api)).toEqual(counts);

    const lifted = dataOf(await privacyOfficer.client.request(LiftRestrictionDocument, { restrictionId, reason: LIFT_REASON }), 'liftRestriction').liftRestriction!;
    expect(lifted.liftReason).toBe(LIFT_REASON);
    // Art 18(3): pending until the notice e-mail went out (test/outbox/restriction-lift.test.ts has the whole story).
    expect(lifted).toMatchObject({ liftedAt: null, liftPending: true });
    await deliverMail();
    expect(
      mail
        .to(eero.email)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(LIFT_REASON);

    const notices = dataOf(await eero.client.request(MyNoticesDocument), 'myNotices').myNotices!;
    const lifting = notices.filter((n) => n.kind === 'RESTRICTION_LIFTING');
    expect(lifting).toHaveLength(1);
    expect(lifting[0].message).toContain(LIFT_REASON);
    const [restriction] = await api.db.query<{ request_id: string; lifted_by: string }>('select request_id, lifted_by from restriction where id = $1', [restrictionId]);
    expect(lifting[0].requestId).toBe(restriction.request_id);
    expect(restriction.lifted_by).toBe(privacyOfficer.id);
  });

  it('§8.11 after lifting, the values are visible again and the customer is back in marketing and with the partners', async () => {
    const result = await readProfile(customerService, eero.customerId);
    expect(codesOf(result)).toEqual([]);
    expect(result.data!.customer).toMatchObject({ firstName: eero.firstName, lastName: eero.lastName, email: eero.email, phone: eero.phone });
    expect(await marketingAudience(marketing)).toContain(eero.customerId);
    expect(await deliveredOrderNumbers(courier)).toContain(order.orderNumber);
    expect(await bookkeptOrderNumbers(bookkeeper)).toContain(order.orderNumber);
  });

  it('Art 18(3) lifting the same restriction twice → RESTRICTION_LIFTED and no second message', async () => {
    const counts = await writeCounts(api);
    expectOnlyError(await privacyOfficer.client.request(LiftRestrictionDocument, { restrictionId, reason: 'Uudelleen' }), 'RESTRICTION_LIFTED', 'restrictionId');
    expect(await writeCounts(api)).toEqual(counts);
  });
});

describe('§8.8 §8.5 restriction on a written request (restrictProcessing)', () => {
  let kaisa: Shopper;

  beforeAll(async () => {
    kaisa = await registerShopper(api);
  });

  it('§8.5 an unverified request → REQUEST_NOT_VERIFIED and nothing is restricted', async () => {
    const requestId = await recordedRequest(customerService, kaisa.customerId, 'RESTRICTION', 'POST');
    const counts = await writeCounts(api);
    expectOnlyError(await privacyOfficer.client.request(RestrictProcessingDocument, { requestId, input: { fields: ['lastName'], reason: 'Kiistetty' } }), 'REQUEST_NOT_VERIFIED');
    expect(await writeCounts(api)).toEqual(counts);
  });

  it('§8.8 on a verified request the privacy officer restricts; customer service may not (FORBIDDEN)', async () => {
    const requestId = await verifiedRequest(customerService, kaisa.customerId, 'RESTRICTION', 'POST');
    expectOnlyError(await customerService.client.request(RestrictProcessingDocument, { requestId, input: { fields: ['lastName'], reason: 'Kiistetty' } }), 'FORBIDDEN');
    const placed = await privacyOfficer.client.request(RestrictProcessingDocument, { requestId, input: { fields: ['lastName'], reason: 'Kiistetty' } });
    expect(dataOf(placed, 'restrictProcessing').restrictProcessing).toMatchObject({ customerId: kaisa.customerId, fields: ['lastName'] });
    const result = await readProfile(customerService, kaisa.customerId);
    expect(pathsWithCode(result, 'RESTRICTED')).toEqual(['customer.lastName']);
    expect(result.data!.customer).toMatchObject({ firstName: kaisa.firstName, lastName: null, email: kaisa.email });
    const [request] = await api.db.query<{ status: string }>('select status::text as status from privacy_request where id = $1', [requestId]);
    expect(request.status).toBe('COMPLETED');
  });
});

describe('§8.11 two restrictions in force that name the same field', () => {
  it('§8.11 each disputed field is withheld once, through the profile and the order copies, and stays withheld while either restriction is in force', async () => {
    const veikko = await registerShopper(api);
    const order = await placeShopOrder(veikko);
    const first = await veikko.client.request(RestrictMyProcessingDocument, { input: { fields: ['email', 'phone'], reason: 'Puhelinnumero ja sähköposti väärin' } });
    const second = await veikko.client.request(RestrictMyProcessingDocument, { input: { fields: ['email'], reason: 'Sähköposti on edelleen väärin' } });
    const firstId = dataOf(first, 'restrictMyProcessing').restrictMyProcessing!.id;
    expect(dataOf(second, 'restrictMyProcessing').restrictMyProcessing!.fields).toEqual(['email']);

    const profile = await readProfile(customerService, veikko.customerId);
    expect(pathsWithCode(profile, 'RESTRICTED')).toEqual(['customer.email', 'customer.phone']);
    expect(profile.data!.customer).toMatchObject({ firstName: veikko.firstName, email: null, phone: null });
    const copies = await customerService.client.raw<{ order: { billing: { email: string | null; phone: string | null; name: string | null } } | null }>(
      `query ($id: ID!) { order(id: $id) { billing { name email phone } } }`,
      { id: order.id },
    );
    expect(pathsWithCode(copies, 'RESTRICTED')).toEqual(['order.billing.email', 'order.billing.phone']);
    expect(copies.data!.order!.billing.name).not.toBeNull();
    // The same copies through the customer: its orders alone (the orders loader) and with their lines (the
    // customer statement that brings every level at once) each read the restriction in their own SQL.
    expect(await copyCodes(veikko.customerId, order.id, false)).toEqual(['billing.email', 'billing.phone', 'delivery.phone']);
    expect(await copyCodes(veikko.customerId, order.id, true)).toEqual(['billing.email', 'billing.phone', 'delivery.phone']);

    // The first one ends (as a delivered lift leaves it): the e-mail is still disputed by the second.
    await api.db.query('update restriction set lifted_at = now() where id = $1', [firstId]);
    const after = await readProfile(customerService, veikko.customerId);
    expect(pathsWithCode(after, 'RESTRICTED')).toEqual(['customer.email']);
    expect(after.data!.customer).toMatchObject({ email: null, phone: veikko.phone });
    expect(await copyCodes(veikko.customerId, order.id, false)).toEqual(['billing.email']);
    expect(await copyCodes(veikko.customerId, order.id, true)).toEqual(['billing.email']);
  });

  /** The RESTRICTED paths on one order's copies, read as CUSTOMER_SERVICE through Customer.orders (relative to the order). */
  async function copyCodes(customerId: string, orderId: string, withLines: boolean): Promise<string[]> {
    const result = await customerService.client.raw<{ customer: { orders: { id: string }[] } | null }>(
      `query ($id: ID!) { customer(id: $id) { orders { id billing { name email phone } delivery { name phone } ${withLines ? 'lines { productName }' : ''} } } }`,
      { id: customerId },
    );
    const index = result.data!.customer!.orders.findIndex((o) => o.id === orderId);
    expect(index).toBeGreaterThanOrEqual(0);
    const prefix = `customer.orders.${index}.`;
    return pathsWithCode(result, 'RESTRICTED')
      .filter((path) => path.startsWith(prefix))
      .map((path) => path.slice(prefix.length));
  }
});
