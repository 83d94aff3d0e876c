import { randomBytes } from 'node:crypto';
import {
  AdminChangeOrderDocument,
  AdminPlaceOrderDocument,
  EraseCustomerDocument,
  ExportCustomerDataDocument,
  ExtendPrivacyRequestDocument,
  RecordPrivacyRequestDocument,
  RegisterCustomerDocument,
  VerifyPrivacyRequestDocument,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { dataOf, staff, startRightsApi } from './rights-scenarios';

/*
 * Guests are data subjects exactly as customers are (issue 8 §4, §6):
 * - an unpaid or undelivered guest order stops the guest's erasure with the
 *   coded refusal a customer gets (§8.7: the contract is being performed),
 *   from the one definition of what blocks an erasure, and changes nothing;
 * - the guest's export and erasure are in the audit trail (§9.2), keyed by
 *   the request they answered, never by the e-mail in clear, and covered by
 *   the tamper-evident chain;
 * - the names on the guest orders are scrubbed from free text like the
 *   e-mail and phone (§8.7), in the spellings people write them;
 * - sign-up adopts the e-mail's guest orders in the account's own
 *   transaction: a failure leaves neither an account nor a half adoption.
 */

const NAME = 'Ilona Äijälä-Østergård';
const PHONE = '+358 40 123 4567';

/** The spellings staff write the guest's identifiers in, into every free-text field. */
function spellings(email: string): string[] {
  const [local, domain] = email.split('@') as [string, string];
  return ['ÄIJÄLÄ-ØSTERGÅRD, Ilona', 'ilona aijala-østergard', 'Aijala Ostergard', email.toUpperCase(), `${local} (at) ${domain}`, '040 123 4567', '+358401234567', '0401234567'];
}

/** What must not be found after erasure, as PostgreSQL patterns (case-insensitive). */
function leftovers(email: string): string[] {
  return [
    'äijälä|aijala|ÄIJÄLÄ',
    'østergård|østergard|ØSTERGÅRD|ostergard',
    email.replace(/\./g, '\\.'),
    email.split('@')[0]!.replace(/\./g, '\\.'),
    '040 123 4567|\\+358401234567|0401234567|\\+358 40 123 4567',
  ];
}

/** Columns that keep the name as bookkeeping material (§8.9) until retain_until: the answer names them. */
const BOOKKEEPING = new Set(['customer_order.billing_name', 'customer_order.billing_line1']);

describe('guests are refused, audited and scrubbed exactly as customers (issue 8 §4, §6)', () => {
  let api: TestApi;
  beforeAll(async () => {
    ({ api } = await startRightsApi());
  });
  afterAll(() => api.close());

  async function guestOrder(tag: string, email: string, line1: string): Promise<{ id: string; orderNumber: string }> {
    const order = dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(AdminPlaceOrderDocument, {
        input: {
          customerId: null,
          lines: [{ productCode: `TEA-${tag}`, productName: 'Jasmiinitee 100 g', quantity: 2, unitPriceCents: 790 }],
          billing: { name: NAME, email, phone: PHONE, line1, postalCode: '00530', city: 'Helsinki', countryCode: 'FI' },
          delivery: { name: 'Ilona Äijälä', email, phone: '040 123 4567', line1, postalCode: '00530', city: 'Helsinki', countryCode: 'FI' },
          currency: 'EUR',
          shippingCents: 490,
          source: 'PHONE',
        },
      }),
      'guest order',
    ).placeOrder!;
    return { id: order.id, orderNumber: String(order.orderNumber) };
  }

  async function move(orderId: string, statuses: readonly ('PAID' | 'SHIPPED' | 'DELIVERED')[], notes: readonly string[]): Promise<void> {
    for (const [i, status] of statuses.entries()) {
      dataOf(await staff(api, 'CUSTOMER_SERVICE').request(AdminChangeOrderDocument, { input: { orderId, status, note: `Soitettu: ${notes[i % notes.length]}` } }), status);
    }
  }

  async function verifiedRequest(email: string, type: 'ACCESS' | 'ERASURE', written: readonly string[]): Promise<string> {
    const recorded = dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(RecordPrivacyRequestDocument, {
        input: { email, type, channel: 'EMAIL', note: `Pyyntö: ${written.join(' / ')}` },
      }),
      'record',
    ).recordPrivacyRequest!;
    dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(VerifyPrivacyRequestDocument, { requestId: recorded.id, method: `Tunnistettu soittamalla ${written.join(', ')}` }),
      'verify',
    );
    return recorded.id;
  }

  async function orderRow(id: string): Promise<Record<string, unknown>> {
    const [row] = await api.db.query('select customer_id, billing_email, billing_phone, delivery_name, delivery_email, held_since from customer_order where id = $1', [id]);
    return row!;
  }

  it('§8.7 an unpaid guest order refuses the erasure (ERASURE_UNPAID_ORDER), an undelivered one too (ERASURE_OPEN_ORDER); nothing changes', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `ilona.aijala.${tag}@example.fi`;
    const written = spellings(email);
    const delivered = await guestOrder(tag, email, `Kustaankatu ${tag} A 1`);
    await move(delivered.id, ['PAID', 'SHIPPED', 'DELIVERED'], written);
    const unpaid = await guestOrder(tag, email, `Kustaankatu ${tag} A 1`);
    const before = { delivered: await orderRow(delivered.id), unpaid: await orderRow(unpaid.id) };
    const [{ n: notesBefore }] = await api.db.query<{ n: number }>(`select count(*)::int as n from order_change where detail::text like '%[erased]%'`);

    const first = await verifiedRequest(email, 'ERASURE', written);
    const refused = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: first }), 'erase').eraseCustomer!;
    expect(refused).toEqual(expect.objectContaining({ status: 'REFUSED', customerId: null, refusalCode: 'ERASURE_UNPAID_ORDER', categories: [] }));
    expect(refused.refusalReason).toContain(unpaid.orderNumber);
    // Nothing changed: the orders keep their contact data, no note was scrubbed, the request keeps its address.
    expect({ delivered: await orderRow(delivered.id), unpaid: await orderRow(unpaid.id) }).toEqual(before);
    const [{ n: notesAfter }] = await api.db.query<{ n: number }>(`select count(*)::int as n from order_change where detail::text like '%[erased]%'`);
    expect(notesAfter).toBe(notesBefore);
    const [request] = await api.db.query<{ status: string; subject_email: string | null; refusal_reason: string }>(
      'select status, subject_email, refusal_reason from privacy_request where id = $1',
      [first],
    );
    expect(request).toEqual({ status: 'REFUSED', subject_email: email, refusal_reason: refused.refusalReason });

    // Paid and on its way: still a contract being performed, with its own code.
    await move(unpaid.id, ['PAID', 'SHIPPED'], written);
    const second = await verifiedRequest(email, 'ERASURE', written);
    const stillOpen = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: second }), 'erase').eraseCustomer!;
    expect(stillOpen).toEqual(expect.objectContaining({ status: 'REFUSED', refusalCode: 'ERASURE_OPEN_ORDER' }));
    expect(stillOpen.refusalReason).toContain(unpaid.orderNumber);

    // Delivered: the next request erases both orders to their bookkeeping.
    await move(unpaid.id, ['DELIVERED'], written);
    const third = await verifiedRequest(email, 'ERASURE', written);
    const erased = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: third }), 'erase').eraseCustomer!;
    expect(erased.status).toBe('ERASED');
    for (const id of [delivered.id, unpaid.id]) {
      expect(await orderRow(id)).toEqual(expect.objectContaining({ customer_id: null, billing_email: null, billing_phone: null, delivery_email: null, delivery_name: 'ERASED' }));
    }
  });

  it('§9.2 the guest’s export and erasure are audited under the request they answered, with no e-mail in clear, inside the hash chain', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `ilona.aijala.${tag}@example.fi`;
    const written = spellings(email);
    const order = await guestOrder(tag, email, `Kustaankatu ${tag} B 2`);
    await move(order.id, ['PAID', 'SHIPPED', 'DELIVERED'], written);

    const access = await verifiedRequest(email, 'ACCESS', written);
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(ExportCustomerDataDocument, { requestId: access }), 'export');
    const erasure = await verifiedRequest(email, 'ERASURE', written);
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: erasure }), 'erase');

    const entries = await api.db.query<{ subject_request_id: string; customer_id: string | null; action: string; operation: string; principal_kind: string; chained: boolean }>(
      `select subject_request_id, customer_id, action::text as action, operation, principal_kind::text as principal_kind,
         row_hash = audit_entry_hash(prev_hash, chain_seq, occurred_at, request_id, principal_kind::text, principal_id,
                                     customer_id, action::text, fields, purpose, operation, subject_request_id) as chained
       from audit_entry where subject_request_id = any($1::uuid[]) order by chain_seq`,
      [[access, erasure]],
    );
    expect(entries).toEqual([
      { subject_request_id: access, customer_id: null, action: 'READ', operation: 'exportGuestData', principal_kind: 'STAFF', chained: true },
      { subject_request_id: erasure, customer_id: null, action: 'CHANGE', operation: 'eraseGuestData', principal_kind: 'STAFF', chained: true },
    ]);
    // The hash covers the key: the same row with another request id would not verify.
    const [{ covered }] = await api.db.query<{ covered: boolean }>(
      `select row_hash <> audit_entry_hash(prev_hash, chain_seq, occurred_at, request_id, principal_kind::text, principal_id,
                                           customer_id, action::text, fields, purpose, operation, $2::uuid) as covered
       from audit_entry where subject_request_id = $1`,
      [erasure, access],
    );
    expect(covered).toBe(true);
    const [{ n }] = await api.db.query<{ n: number }>(`select count(*)::int as n from audit_entry where row_to_json(audit_entry)::text ~* $1`, [email.replace(/\./g, '\\.')]);
    expect(n).toBe(0);
  });

  it('§8.7 after a guest’s erasure no text, json or array column holds the guest’s name, e-mail or phone in any spelling, outside the bookkeeping the answer names', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `ilona.aijala.${tag}@example.fi`;
    const written = spellings(email);
    // Ordered twice, with notes in every spelling on every change.
    const orders = [await guestOrder(tag, email, `Kustaankatu ${tag} C 3`), await guestOrder(tag, email, `Kustaankatu ${tag} C 3`)];
    for (const order of orders) await move(order.id, ['PAID', 'SHIPPED', 'DELIVERED'], written);
    const erasure = await verifiedRequest(email, 'ERASURE', written);
    dataOf(await staff(api, 'PRIVACY_OFFICER').request(ExtendPrivacyRequestDocument, { requestId: erasure, months: 1, reason: `Odotetaan ${written.join(' ja ')}` }), 'extend');
    const erased = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: erasure }), 'erase').eraseCustomer!;
    expect(erased.status).toBe('ERASED');
    expect(erased.categories).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'ANONYMISED', category: expect.stringMatching(/^Names, e-mail addresses, phone numbers/) })]),
    );

    const columns = await api.db.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      // Unsent mail (the receipt among it): the outbox forgets the address once sent (§8.7).
      if (table === 'email_outbox' || BOOKKEEPING.has(`${table}.${column}`)) continue;
      for (const pattern of leftovers(email)) {
        const [{ n }] = await api.db.query<{ n: number }>(`select count(*)::int as n from "${table}" where "${column}"::text ~* $1`, [pattern]);
        if (n > 0) found.push(`${table}.${column} ~ ${pattern}`);
      }
    }
    expect(found).toEqual([]);
    // The bookkeeping keeps the billing name as the answer says (§8.9), and the notes say what happened.
    const kept = await api.db.query<{ billing_name: string }>('select billing_name from customer_order where id = any($1::uuid[])', [orders.map((o) => o.id)]);
    expect(kept.map((k) => k.billing_name)).toEqual([NAME, NAME]);
    const notes = await api.db.query<{ detail: string }>('select detail::text from order_change where order_id = any($1::uuid[]) and kind <> $2', [
      orders.map((o) => o.id),
      'PLACED',
    ]);
    expect(notes.length).toBeGreaterThanOrEqual(6);
    expect(notes.every((n) => n.detail.includes('[erased]'))).toBe(true);
  });

  it('§4 a guest who ordered twice, then registers: both orders join the account in the sign-up’s own transaction', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `ilona.aijala.${tag}@example.fi`;
    const orders = [await guestOrder(tag, email, `Kustaankatu ${tag} D 4`), await guestOrder(tag, email, `Kustaankatu ${tag} D 4`)];
    const register = () =>
      api.anonymous.request(RegisterCustomerDocument, {
        input: { firstName: 'Ilona', lastName: 'Äijälä-Østergård', email: ` ${email.toUpperCase()} `, password: 'jasmiini-tee-ja-kakku-42', consents: [] },
      });

    // The adoption fails (a fault injected into the orders table): the sign-up fails whole, no account stays behind.
    await api.db.query(`create function fail_adoption() returns trigger language plpgsql as $$
      begin if new.customer_id is not null and old.customer_id is null and lower(old.billing_email) = '${email}' then raise exception 'injected adoption fault'; end if; return new; end $$`);
    await api.db.query('create trigger fail_adoption before update on customer_order for each row execute function fail_adoption()');
    try {
      const failed = await register();
      expect(failed.errors?.length ?? 0).toBeGreaterThan(0);
    } finally {
      await api.db.query('drop trigger fail_adoption on customer_order');
      await api.db.query('drop function fail_adoption()');
    }
    const [{ n: accounts }] = await api.db.query<{ n: number }>('select count(*)::int as n from customer where lower(email) = $1', [email]);
    expect(accounts).toBe(0);
    const [{ n: sessions }] = await api.db.query<{ n: number }>('select count(*)::int as n from session s left join customer c on c.id = s.customer_id where c.id is null');
    expect(sessions).toBe(0);
    for (const order of orders) expect(await orderRow(order.id)).toEqual(expect.objectContaining({ customer_id: null, billing_email: email }));

    // Without the fault the same sign-up creates the account with both orders.
    const session = dataOf(await register(), 'register').registerCustomer!;
    const adopted = await api.db.query<{ id: string }>('select id from customer_order where customer_id = $1 order by placed_at', [String(session.customerId)]);
    expect(adopted.map((o) => o.id)).toEqual(orders.map((o) => o.id));
  });
});
