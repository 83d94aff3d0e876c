import { print } from 'graphql';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AssignDeliveryDocument,
  AuditTrailDocument,
  BookkeepingOrdersDocument,
  CustomerDataRecipientsDocument,
  DeliveryOrdersDocument,
  MeDocument,
  MyDataRecipientsDocument,
} from '../generated/graphql';
import { startTestApi, type TestApi } from '../support/api';
import { exportInStorefront } from '../rights/rights-scenarios';
import { partnerRecipientsOf } from '../../src/modules/audit/audit.directory';
import {
  bearer,
  codesOf,
  dataOf,
  expectOnlyError,
  partnerWithToken,
  placeOrder,
  postGraphQL,
  registerCustomer,
  signedInStaff,
  type PartnerWithToken,
  type PlacedOrder,
  type RegisteredCustomer,
  type SignedInStaff,
} from './identity-scenarios';

/*
 * The read audit (§9.2: data only to those who need it — and a record of who
 * did; GDPR Art 5(2) accountability, Art 15(1)(c) recipients): staff and
 * partner reads of personal data become one INSERT per request, one row per
 * customer, carrying the request id the client saw; a customer reading their
 * own data is not a disclosure; partner disclosures are shown to the
 * customer and the privacy officer; the trail holds ids only and is
 * append-only for the application role and, by trigger, for everyone.
 */

let api: TestApi;
let admin: SignedInStaff;
let customerService: SignedInStaff;
let privacyOfficer: SignedInStaff;
let courier: PartnerWithToken;
let bookkeeper: PartnerWithToken;
let maija: RegisteredCustomer;
let matti: RegisteredCustomer;
let liisa: RegisteredCustomer;
let maijaOrder: PlacedOrder;
const everyone: RegisteredCustomer[] = [];

beforeAll(async () => {
  api = await startTestApi();
  admin = await signedInStaff(api, ['ADMIN']);
  customerService = await signedInStaff(api, ['CUSTOMER_SERVICE']);
  privacyOfficer = await signedInStaff(api, ['PRIVACY_OFFICER']);
  courier = await partnerWithToken(api, admin.token, 'LOGISTICS');
  bookkeeper = await partnerWithToken(api, admin.token, 'ACCOUNTING');
  maija = await registerCustomer(api);
  matti = await registerCustomer(api);
  liisa = await registerCustomer(api);
  everyone.push(maija, matti, liisa);
  maijaOrder = await placeOrder(api, maija, customerService);
  dataOf(await customerService.client.request(AssignDeliveryDocument, { orderId: maijaOrder.id, partnerId: courier.id }), 'assign');
}, 90_000);
afterAll(() => api.close());

type AuditRow = {
  id: string;
  request_id: string;
  principal_kind: string;
  principal_id: string | null;
  customer_id: string;
  action: string;
  fields: string[];
  purpose: string;
  operation: string | null;
};

/** A request's audit, one row per customer an entry names (an entry may name several: issue 9). */
const auditRows = (requestId: string) =>
  api.db.query<AuditRow>(
    `select a.id::text as id, a.request_id, a.principal_kind::text as principal_kind, a.principal_id, named.customer_id, a.action::text as action,
       a.fields, a.purpose, a.operation
     from audit_entry a cross join lateral unnest(coalesce(a.customer_ids, array[a.customer_id])) as named(customer_id)
     where a.request_id = $1 order by named.customer_id`,
    [requestId],
  );

/** A request's audit entries as written. */
const auditEntries = (requestId: string) =>
  api.db.query<{ customer_id: string | null; customer_ids: string[] | null; fields: string[] }>(
    'select customer_id, customer_ids, fields from audit_entry where request_id = $1 order by chain_seq',
    [requestId],
  );

const auditInserts = (statements: string[]) => statements.filter((sql) => /^\s*insert\s+into\s+"?audit_entry"?/i.test(sql));

const TWO_EMAILS = 'query TwoEmails($a: ID!, $b: ID!) { a: customer(id: $a) { email } b: customer(id: $b) { email } }';

describe('§9.2 staff reads are audited', () => {
  it('§9.2 CUSTOMER_SERVICE reading two customers’ e-mails in one request writes exactly ONE INSERT: one entry naming both, with the request id the client saw', async () => {
    const { result, statements } = await api.countSql(() =>
      postGraphQL<{ a: { email: string }; b: { email: string } }>(
        api,
        { query: TWO_EMAILS, variables: { a: maija.customerId, b: matti.customerId }, operationName: 'TwoEmails' },
        bearer(customerService.token),
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: { email: maija.email }, b: { email: matti.email } });
    expect(auditInserts(statements)).toHaveLength(1);
    expect(statements.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql))).toHaveLength(1);

    const requestId = result.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    // Both read with the same fields: one entry names them (issue 9), not one row each.
    const entries = await auditEntries(requestId!);
    expect(entries).toHaveLength(1);
    expect(entries[0].customer_id).toBeNull();
    expect([...entries[0].customer_ids!].sort()).toEqual([maija.customerId, matti.customerId].sort());
    const rows = await auditRows(requestId!);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.customer_id).sort()).toEqual([maija.customerId, matti.customerId].sort());
    for (const row of rows) {
      expect(row).toMatchObject({
        request_id: requestId,
        principal_kind: 'STAFF',
        principal_id: customerService.id,
        action: 'READ',
        purpose: 'CUSTOMER_SERVICE',
        operation: 'TwoEmails',
      });
      expect(row.fields).toContain('Customer.email');
    }
  });

  it('§9.2 each customer’s row names what was read of that customer, in one INSERT for several customers read differently', async () => {
    // The rows travel as two parallel arrays (customers, coordinate lists): a pairing slip would
    // put one customer's fields on another's row.
    const query = `query Mixed($a: ID!, $b: ID!, $c: ID!) {
      a: customer(id: $a) { email orders { orderNumber billing { name email } } }
      b: customer(id: $b) { phone }
      c: customer(id: $c) { firstName lastName }
    }`;
    const { result, statements } = await api.countSql(() =>
      postGraphQL(api, { query, variables: { a: maija.customerId, b: matti.customerId, c: liisa.customerId }, operationName: 'Mixed' }, bearer(customerService.token)),
    );
    expect(result.errors).toBeUndefined();
    expect(auditInserts(statements)).toHaveLength(1);
    const rows = await auditRows(result.headers.get('x-request-id')!);
    const byCustomer = new Map(rows.map((row) => [row.customer_id, [...row.fields].sort()]));
    expect(byCustomer.size).toBe(3);
    expect(byCustomer.get(maija.customerId)).toEqual(expect.arrayContaining(['Customer.email', 'Customer.orders', 'Order.billing', 'Order.orderNumber']));
    expect(byCustomer.get(maija.customerId)).not.toContain('Customer.phone');
    expect(byCustomer.get(matti.customerId)).toEqual(['Customer.phone']);
    expect(byCustomer.get(liisa.customerId)).toEqual(['Customer.firstName', 'Customer.lastName']);
    // Read differently, so an entry each, with customer_id as ever.
    expect((await auditEntries(result.headers.get('x-request-id')!)).every((entry) => entry.customer_id !== null && entry.customer_ids === null)).toBe(true);
  });

  it('§9.2 Art 15 an entry naming several customers is in each one’s audit trail and own export, and shows no one else', async () => {
    const [x, y] = [await registerCustomer(api), await registerCustomer(api)];
    const served = await postGraphQL(api, { query: TWO_EMAILS, variables: { a: x.customerId, b: y.customerId }, operationName: 'TwoEmails' }, bearer(customerService.token));
    expect(served.errors).toBeUndefined();
    const requestId = served.headers.get('x-request-id')!;
    expect(await auditEntries(requestId)).toEqual([expect.objectContaining({ customer_id: null, fields: ['Customer.email'] })]);

    for (const who of [x, y]) {
      const trail = dataOf(await privacyOfficer.client.request(AuditTrailDocument, { customerId: who.customerId, first: 50 }), 'auditTrail').auditTrail!;
      const mine = trail.edges.map((edge) => edge.node).filter((node) => node.requestId === requestId);
      expect(mine).toEqual([expect.objectContaining({ principalKind: 'STAFF', principalId: customerService.id, action: 'READ', fields: ['Customer.email'] })]);
    }
    // A third customer's trail does not hold it.
    const other = dataOf(await privacyOfficer.client.request(AuditTrailDocument, { customerId: liisa.customerId, first: 50 }), 'auditTrail').auditTrail!;
    expect(other.edges.some((edge) => edge.node.requestId === requestId)).toBe(false);

    // The customer's own export lists the access, and never the other customer's id.
    const exported = await exportInStorefront(api, x);
    const sections = (exported as { sections: { category: string; records: { fields: string[]; by: string }[] }[] }).sections;
    const accesses = sections.find((section) => section.category === 'Who has read or changed your data')!.records;
    expect(accesses).toEqual(expect.arrayContaining([expect.objectContaining({ by: 'STAFF', fields: ['Customer.email'] })]));
    expect(JSON.stringify(exported)).not.toContain(y.customerId);
  });

  it('§9.2 a request id the client sends is echoed in x-request-id and recorded; a malformed one is replaced', async () => {
    const given = `audit-${randomBytes(8).toString('hex')}`;
    const response = await postGraphQL(
      api,
      { query: TWO_EMAILS, variables: { a: liisa.customerId, b: matti.customerId } },
      { ...bearer(customerService.token), 'x-request-id': given },
    );
    expect(response.headers.get('x-request-id')).toBe(given);
    expect((await auditRows(given)).map((r) => r.customer_id).sort()).toEqual([liisa.customerId, matti.customerId].sort());

    const odd = await postGraphQL(
      api,
      { query: TWO_EMAILS, variables: { a: liisa.customerId, b: matti.customerId } },
      { ...bearer(customerService.token), 'x-request-id': 'no spaces; allowed' },
    );
    const replaced = odd.headers.get('x-request-id')!;
    expect(replaced).not.toBe('no spaces; allowed');
    expect(await auditRows(replaced)).toHaveLength(2);
  });

  it('§9.2 nothing disclosed, nothing audited: a refused role and a missing customer write no audit row', async () => {
    const refused = await postGraphQL(api, { query: TWO_EMAILS, variables: { a: maija.customerId, b: matti.customerId } }, bearer(admin.token));
    expect(new Set(codesOf(refused))).toEqual(new Set(['FORBIDDEN']));
    expect(await auditRows(refused.headers.get('x-request-id')!)).toEqual([]);

    const missing = await postGraphQL(api, { query: TWO_EMAILS, variables: { a: randomUUID(), b: randomUUID() } }, bearer(customerService.token));
    expect(new Set(codesOf(missing))).toEqual(new Set(['NOT_FOUND']));
    expect(await auditRows(missing.headers.get('x-request-id')!)).toEqual([]);
  });

  it('§9.2 a customer reading their own data is not a disclosure: no audit INSERT, no row', async () => {
    const { result, statements } = await api.countSql(() => postGraphQL(api, { query: print(MeDocument), operationName: 'Me' }, bearer(liisa.token)));
    expect(result.errors).toBeUndefined();
    expect((result.data as { me: { email: string } }).me.email).toBe(liisa.email);
    expect(auditInserts(statements)).toEqual([]);
    expect(await auditRows(result.headers.get('x-request-id')!)).toEqual([]);
    const [{ n }] = await api.db.query<{ n: number }>(`select count(*)::int as n from audit_entry where principal_kind = 'CUSTOMER' and action = 'READ'`);
    expect(n).toBe(0);
  });
});

describe('§7.4 Art 15(1)(c) partner disclosures are audited and shown', () => {
  let deliveryRequestId: string;

  it('§7.4 §9.2 a logistics token reading deliveryOrders is audited with principal_kind PARTNER', async () => {
    const response = await postGraphQL(
      api,
      { query: print(DeliveryOrdersDocument), variables: { first: 10, openOnly: true }, operationName: 'DeliveryOrders' },
      bearer(courier.token),
    );
    expect(response.errors).toBeUndefined();
    deliveryRequestId = response.headers.get('x-request-id')!;
    const rows = await auditRows(deliveryRequestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      customer_id: maija.customerId,
      principal_kind: 'PARTNER',
      principal_id: courier.id,
      action: 'READ',
      purpose: 'LOGISTICS:ORDERS_DELIVERY,ORDERS_DELIVERY_STATUS',
      operation: 'DeliveryOrders',
    });
    expect(rows[0].fields).toEqual(expect.arrayContaining(['DeliveryOrder.recipientName', 'DeliveryOrder.line1', 'DeliveryOrder.phone', 'DeliveryOrder.lines']));
  });

  it('§8.1 Art 15(1)(c) the customer then sees that partner in myDataRecipients; a customer whose data went nowhere sees none', async () => {
    const recipients = dataOf(await maija.client.request(MyDataRecipientsDocument), 'myDataRecipients').myDataRecipients!;
    const courierEntry = recipients.find((r) => r.partnerId === courier.id);
    expect(courierEntry).toMatchObject({ name: courier.name, kind: 'LOGISTICS', countryCode: 'FI' });
    expect(courierEntry!.fields).toEqual(expect.arrayContaining(['DeliveryOrder.recipientName', 'DeliveryOrder.phone']));
    expect(new Date(courierEntry!.firstReceivedAt).getTime()).toBeLessThanOrEqual(new Date(courierEntry!.lastReceivedAt).getTime());

    expect(dataOf(await liisa.client.request(MyDataRecipientsDocument), 'myDataRecipients').myDataRecipients).toEqual([]);
  });

  it('§9.2 Art 15(1)(c) the PRIVACY_OFFICER sees the disclosure in auditTrail and in Customer.dataRecipients', async () => {
    const trail = dataOf(await privacyOfficer.client.request(AuditTrailDocument, { customerId: maija.customerId, first: 50 }), 'auditTrail').auditTrail!;
    const entry = trail.edges.map((e) => e.node).find((n) => n.requestId === deliveryRequestId);
    expect(entry).toMatchObject({
      principalKind: 'PARTNER',
      principalId: courier.id,
      action: 'READ',
      purpose: 'LOGISTICS:ORDERS_DELIVERY,ORDERS_DELIVERY_STATUS',
      operation: 'DeliveryOrders',
    });
    expect(entry!.fields).toContain('DeliveryOrder.phone');

    const customer = dataOf(await privacyOfficer.client.request(CustomerDataRecipientsDocument, { id: maija.customerId }), 'dataRecipients').customer!;
    expect(customer.dataRecipients).toEqual([expect.objectContaining({ partnerId: courier.id, name: courier.name, kind: 'LOGISTICS' })]);
  });

  it('§9.2 the audit trail and data recipients are the privacy officer’s: customer service, admin and other customers are refused', async () => {
    for (const staff of [customerService, admin]) {
      expect(codesOf(await staff.client.request(AuditTrailDocument, { customerId: maija.customerId, first: 5 }))).toEqual(['FORBIDDEN']);
    }
    const asCs = await customerService.client.request(CustomerDataRecipientsDocument, { id: maija.customerId });
    expectOnlyError(asCs, 'FORBIDDEN', ['customer', 'dataRecipients']);
    const asOther = await matti.client.request(CustomerDataRecipientsDocument, { id: maija.customerId });
    expectOnlyError(asOther, 'NOT_FOUND');
    expect(JSON.stringify(asOther)).not.toContain(courier.name);
  });

  it('§7.4 Art 15(1)(c) an accounting token reading orders is a disclosure too: the customer sees the accounting partner', async () => {
    const response = await postGraphQL(api, { query: print(BookkeepingOrdersDocument), variables: { first: 50 }, operationName: 'BookkeepingOrders' }, bearer(bookkeeper.token));
    expect(response.errors).toBeUndefined();
    const rows = await auditRows(response.headers.get('x-request-id')!);
    expect(rows.map((r) => r.customer_id)).toEqual([maija.customerId]);
    expect(rows[0]).toMatchObject({ principal_kind: 'PARTNER', principal_id: bookkeeper.id, purpose: 'ACCOUNTING:ORDERS_ACCOUNTING' });
    expect(rows[0].fields).toEqual(expect.arrayContaining(['Order.billing', 'Order.totalCents']));

    const recipients = dataOf(await maija.client.request(MyDataRecipientsDocument), 'myDataRecipients').myDataRecipients!;
    expect(recipients.map((r) => r.partnerId).sort()).toEqual([bookkeeper.id, courier.id].sort());
  });
});

describe('§7.4 Art 15(1)(c) Art 19 a partner reading several customers alike in one request (issue 9)', () => {
  it('§7.4 the one shared entry makes the partner a recipient of each of them, for the customer, the privacy officer and erasure notices', async () => {
    const [x, y] = [await registerCustomer(api), await registerCustomer(api)];
    await placeOrder(api, x, customerService);
    await placeOrder(api, y, customerService);
    const response = await postGraphQL(api, { query: print(BookkeepingOrdersDocument), variables: { first: 50 }, operationName: 'BookkeepingOrders' }, bearer(bookkeeper.token));
    expect(response.errors).toBeUndefined();
    const requestId = response.headers.get('x-request-id')!;
    const shared = (await auditEntries(requestId)).find((entry) => entry.customer_ids?.includes(x.customerId));
    expect(shared?.customer_ids).toEqual(expect.arrayContaining([x.customerId, y.customerId]));
    expect(shared?.customer_id).toBeNull();

    for (const who of [x, y]) {
      const mine = dataOf(await who.client.request(MyDataRecipientsDocument), 'myDataRecipients').myDataRecipients!;
      expect(mine.map((r) => r.partnerId)).toEqual([bookkeeper.id]);
      const seen = dataOf(await privacyOfficer.client.request(CustomerDataRecipientsDocument, { id: who.customerId }), 'dataRecipients').customer!;
      expect(seen.dataRecipients).toEqual([expect.objectContaining({ partnerId: bookkeeper.id, kind: 'ACCOUNTING' })]);
    }
    // Art 19: whom an erasure of these customers must be told about.
    const recipients = await partnerRecipientsOf(api.db.orm.em.fork(), [x.customerId, y.customerId, liisa.customerId]);
    expect(recipients.sort((a, b) => a.customerId.localeCompare(b.customerId))).toEqual(
      [
        { customerId: x.customerId, partnerId: bookkeeper.id },
        { customerId: y.customerId, partnerId: bookkeeper.id },
      ].sort((a, b) => a.customerId.localeCompare(b.customerId)),
    );
  });
});

describe('§9.2 the audit trail itself', () => {
  it('§9.2 audit rows hold ids only: no e-mail, name or phone of anyone', async () => {
    const dump = JSON.stringify(await api.db.query('select * from audit_entry'));
    expect(dump.length).toBeGreaterThan(2);
    for (const customer of everyone) {
      for (const secret of [customer.email, customer.firstName, customer.lastName, customer.phoneE164, customer.phoneE164.slice(1)]) {
        expect(dump).not.toContain(secret);
      }
    }
    for (const staff of [admin, customerService, privacyOfficer]) expect(dump).not.toContain(staff.email);
    expect(dump).not.toContain(courier.name);
  });

  it('§9.2 the API’s own connection acts as rekisteri_app, which may INSERT and SELECT but not UPDATE, DELETE or TRUNCATE audit_entry (42501 permission denied)', async () => {
    const connection = api.db.orm.em.getConnection();
    // Issue 10: the API logs in as its own login (no superuser, no SET ROLE), a member of rekisteri_app.
    const [{ role }] = await connection.execute<{ role: string }[]>('select current_user as role');
    expect(role).toBe('rekisteri_api');
    const [who] = await connection.execute<{ rolsuper: boolean; member: boolean }[]>(
      "select rolsuper, pg_has_role(current_user, 'rekisteri_app', 'USAGE') as member from pg_roles where rolname = current_user",
    );
    expect(who).toEqual({ rolsuper: false, member: true });
    const before = await api.db.query('select * from audit_entry order by id');
    expect(before.length).toBeGreaterThan(0);

    for (const sql of [`update audit_entry set purpose = 'x'`, 'delete from audit_entry', 'truncate audit_entry']) {
      const error = await connection.execute(sql).then(
        () => null,
        (e: unknown) => e as { code?: string; sqlState?: string; message: string },
      );
      expect([sql, error?.code ?? error?.sqlState]).toEqual([sql, '42501']);
      expect(error!.message).toMatch(/permission denied/);
    }
    expect(await api.db.query('select * from audit_entry order by id')).toEqual(before);
  });

  it('§9.2 even a superuser connection cannot UPDATE, DELETE or TRUNCATE audit_entry: the trigger answers “append-only”', async () => {
    const before = await api.db.query('select * from audit_entry order by id');
    for (const sql of [`update audit_entry set purpose = 'x'`, 'delete from audit_entry', 'truncate audit_entry']) {
      const error = await api.db.query(sql).then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      expect([sql, error?.code]).toEqual([sql, '42501']);
      expect(error!.message).toMatch(/append-only/);
    }
    expect(await api.db.query('select * from audit_entry order by id')).toEqual(before);
  });

  it('§9.2 when the audit cannot be written, the data read is withheld (no disclosure without a record)', async () => {
    await api.db.query('revoke insert on audit_entry from rekisteri_app');
    let withheld: Awaited<ReturnType<typeof postGraphQL>>;
    try {
      withheld = await postGraphQL(api, { query: TWO_EMAILS, variables: { a: maija.customerId, b: matti.customerId } }, bearer(customerService.token));
    } finally {
      await api.db.query('grant insert on audit_entry to rekisteri_app');
    }
    expect(withheld.data ?? null).toBeNull();
    expect(codesOf(withheld)).toEqual(['INTERNAL_SERVER_ERROR']);
    for (const secret of [maija.email, matti.email]) expect(withheld.text).not.toContain(secret);
    expect(await auditRows(withheld.headers.get('x-request-id')!)).toEqual([]);

    // With the grant back, the same read is served and recorded.
    const served = await postGraphQL(api, { query: TWO_EMAILS, variables: { a: maija.customerId, b: matti.customerId } }, bearer(customerService.token));
    expect(served.errors).toBeUndefined();
    expect(await auditRows(served.headers.get('x-request-id')!)).toHaveLength(2);
  });
});
