import { randomBytes } from 'node:crypto';
import type { DataExport } from '../../src/modules/data-export/data-export.service';
import {
  AdminChangeOrderDocument,
  AdminPlaceOrderDocument,
  EraseCustomerDocument,
  ExportCustomerDataDocument,
  RecordPrivacyRequestDocument,
  RegisterCustomerDocument,
  VerifyPrivacyRequestDocument,
} from '../generated/graphql';
import type { TestApi } from '../support/api';
import { dataOf, expectOnlyError, staff, startRightsApi } from './rights-scenarios';
import { nameTag } from '../support/scenarios';

/*
 * Guests are data subjects (issue 8 §4): staff record a request for an e-mail
 * address that has no account, verify the requester (§8.5), and then the
 * access export (§8.1) holds the guest orders placed with that address and
 * the erasure (§8.7) leaves only their bookkeeping (§8.9), with the address
 * and phone cut out of every free-text column.
 */

describe('a request for a guest e-mail with no account', () => {
  let api: TestApi;
  beforeAll(async () => {
    ({ api } = await startRightsApi());
  });
  afterAll(() => api.close());

  async function guestOrders(tag: string, email: string, name: string): Promise<{ id: string; orderNumber: string }[]> {
    const cs = staff(api, 'CUSTOMER_SERVICE');
    const placed: { id: string; orderNumber: string }[] = [];
    for (const line1 of [`Siidantie ${tag} 1`, `Siidantie ${tag} 2`]) {
      const order = dataOf(
        await cs.request(AdminPlaceOrderDocument, {
          input: {
            customerId: null,
            lines: [{ productCode: `TEA-${tag}`, productName: 'Jasmiinitee 100 g', quantity: 1, unitPriceCents: 790 }],
            billing: { name, email, phone: '+358 50 765 4321', line1, postalCode: '99870', city: 'Inari', countryCode: 'FI' },
            currency: 'EUR',
            shippingCents: 490,
            source: 'PHONE',
          },
        }),
        'guest order',
      ).placeOrder!;
      // Staff write the guest's contact details into the notes, in the spellings people use.
      for (const status of ['PAID', 'SHIPPED', 'DELIVERED'] as const) {
        dataOf(await cs.request(AdminChangeOrderDocument, { input: { orderId: order.id, status, note: `Soitettu 050 765 4321, vahvistus ${email.toUpperCase()}` } }), status);
      }
      placed.push({ id: order.id, orderNumber: String(order.orderNumber) });
    }
    return placed;
  }

  async function record(email: string, type: 'ACCESS' | 'ERASURE'): Promise<{ id: string; customerId: string | null; subjectEmail: string | null }> {
    const recorded = dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(RecordPrivacyRequestDocument, {
        input: { email, type, channel: 'EMAIL', note: `Pyyntö osoitteesta ${email}` },
      }),
      'record',
    ).recordPrivacyRequest!;
    dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(VerifyPrivacyRequestDocument, {
        requestId: recorded.id,
        method: `Vastasi tilauksen osoitteesta ${email} ja numerosta +358507654321`,
      }),
      'verify',
    );
    return { id: recorded.id, customerId: recorded.customerId ?? null, subjectEmail: recorded.subjectEmail ?? null };
  }

  it('records, verifies, exports both guest orders and erases them to bookkeeping only', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `aijala.guest.${tag}@example.fi`;
    const name = `Åström Äijälä-${tag}`;
    const [first, second] = await guestOrders(tag, email, name);

    const access = await record(email.toUpperCase(), 'ACCESS');
    expect(access).toEqual({ id: access.id, customerId: null, subjectEmail: email });
    const exported = dataOf(await staff(api, 'PRIVACY_OFFICER').request(ExportCustomerDataDocument, { requestId: access.id }), 'export').exportCustomerData as DataExport;
    expect(exported.customerId).toBeNull();
    expect(exported.guestEmail).toBe(email);
    const orders = exported.sections.flatMap((s) => s.records) as { orderNumber: string; billing: { email: string }; changes: unknown[] }[];
    expect(orders.map((o) => o.orderNumber).sort()).toEqual([first!.orderNumber, second!.orderNumber].sort());
    expect(orders.every((o) => o.billing.email === email && o.changes.length >= 3)).toBe(true);
    expect(exported.complaintAuthority).toMatch(/tietosuoja/i);

    const erasure = await record(email, 'ERASURE');
    const erased = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: erasure.id }), 'erase').eraseCustomer!;
    expect(erased.status).toBe('ERASED');
    expect(erased.customerId).toBeNull();
    expect(erased.categories).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'RETAINED', count: 2 }), expect.objectContaining({ outcome: 'ANONYMISED', count: 2 })]),
    );

    const kept = await api.db.query<Record<string, unknown>>(
      `select customer_id, billing_name, billing_email, billing_phone, billing_line1, total_cents, delivery_name, delivery_email, delivery_phone,
         delivery_line1, retain_until, held_since
       from customer_order where id = any($1::uuid[])`,
      [[first!.id, second!.id]],
    );
    expect(kept).toHaveLength(2);
    for (const order of kept) {
      // §8.9: billing name and address and totals stay as bookkeeping until retain_until; contact and delivery go.
      expect(order).toEqual(
        expect.objectContaining({
          customer_id: null,
          billing_email: null,
          billing_phone: null,
          delivery_email: null,
          delivery_phone: null,
          delivery_name: 'ERASED',
          delivery_line1: 'ERASED',
          total_cents: 1280,
        }),
      );
      expect(order.billing_name).toBe(name);
      expect(order.retain_until).not.toBeNull();
      expect(order.held_since).not.toBeNull();
    }

    // Scan every text, json and array column for the address and the phone (in the forms written above).
    const columns = await api.db.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and (data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY'))`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      if (table === 'email_outbox') continue; // unsent mail to the guest (the receipt among it); the outbox forgets the address once sent
      const [{ n }] = await api.db.query<{ n: number }>(`select count(*)::int as n from "${table}" where "${column}"::text ~* $1 or "${column}"::text ~ $2`, [
        email.replace(/\./g, '\\.'),
        '(050 765 4321|\\+358507654321|\\+358 50 765 4321)',
      ]);
      if (n > 0) found.push(`${table}.${column}`);
    }
    expect(found).toEqual([]);
    const [request] = await api.db.query<{ subject_email: string | null; note: string; verification_method: string }>(
      'select subject_email, note, verification_method from privacy_request where id = $1',
      [erasure.id],
    );
    expect(request).toEqual(expect.objectContaining({ subject_email: null }));
    expect(request!.note).toContain('[erased]');

    // A second run gives the same answer and touches nothing.
    const again = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId: erasure.id }), 'erase again').eraseCustomer!;
    expect(again.categories).toEqual(erased.categories);
  });

  it('an e-mail that has an account records the request for that customer, not a guest duplicate', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `sami.aanna.${tag}@example.fi`;
    const session = dataOf(
      await api.anonymous.request(RegisterCustomerDocument, {
        input: { firstName: 'Sámi', lastName: `Áŋŋá-${nameTag()}`, email, password: 'jasmiini-tee-ja-kakku-42', consents: [] },
      }),
      'register',
    ).registerCustomer!;
    const recorded = dataOf(
      await staff(api, 'CUSTOMER_SERVICE').request(RecordPrivacyRequestDocument, { input: { email: email.toUpperCase(), type: 'ACCESS', channel: 'POST' } }),
      'record',
    ).recordPrivacyRequest!;
    expect(recorded.customerId).toBe(String(session.customerId));
    expect(recorded.subjectEmail).toBeNull();
  });

  it('refuses an e-mail that is not one, and both a customer id and an e-mail, writing nothing', async () => {
    const [{ n: before }] = await api.db.query<{ n: number }>('select count(*)::int as n from privacy_request');
    const cs = staff(api, 'CUSTOMER_SERVICE');
    const bad = await cs.request(RecordPrivacyRequestDocument, { input: { email: 'äijälä at example', type: 'ACCESS', channel: 'EMAIL' } });
    expectOnlyError(bad, 'BAD_USER_INPUT');
    const both = await cs.request(RecordPrivacyRequestDocument, {
      input: { customerId: '00000000-0000-4000-8000-000000000001', email: 'guest@example.fi', type: 'ACCESS', channel: 'EMAIL' },
    });
    expectOnlyError(both, 'BAD_USER_INPUT');
    const neither = await cs.request(RecordPrivacyRequestDocument, { input: { type: 'ACCESS', channel: 'EMAIL' } });
    expectOnlyError(neither, 'BAD_USER_INPUT');
    const [{ n: after }] = await api.db.query<{ n: number }>('select count(*)::int as n from privacy_request');
    expect(after).toBe(before);
  });
});
