import { randomBytes } from 'node:crypto';
import type { DataExport } from '../../src/modules/data-export/data-export.service';
import { AdminChangeOrderDocument, AdminPlaceOrderDocument, EraseCustomerDocument, RegisterCustomerDocument } from '../generated/graphql';
import type { TestApi } from '../support/api';
import { dataOf, exportInStorefront, recordRequest, staff, startRightsApi } from './rights-scenarios';
import { nameTag } from '../support/scenarios';

/*
 * Guests are data subjects (issue 8 §4). A guest's orders belong to the
 * e-mail they were placed with; when that e-mail registers, the orders join
 * the account, so the export (§8.1) holds them and the erasure (§8.7) leaves
 * only the bookkeeping the Accounting Act needs (§8.9).
 */

describe('guest orders join the account of the same e-mail, and every right reaches them', () => {
  let api: TestApi;
  beforeAll(async () => {
    ({ api } = await startRightsApi());
  });
  afterAll(() => api.close());

  it('a guest who ordered twice, then registered: the export holds both orders; erasure keeps only bookkeeping', async () => {
    const tag = randomBytes(4).toString('hex');
    const email = `sami.aanna.${tag}@example.fi`;
    const lastName = `Áŋŋá-${nameTag()}`;
    const name = `Sámi ${lastName}`;
    const cs = staff(api, 'CUSTOMER_SERVICE');
    const guestOrder = async (line1: string) => {
      const placed = dataOf(
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
      for (const status of ['PAID', 'SHIPPED', 'DELIVERED'] as const) {
        dataOf(await cs.request(AdminChangeOrderDocument, { input: { orderId: placed.id, status, note: `Soitettu ${name}, 050 765 4321` } }), status);
      }
      return placed;
    };
    const first = await guestOrder(`Siidantie ${tag} 1`);
    const second = await guestOrder(`Siidantie ${tag} 2`);
    // An erased customer's held order with the same address would not be adopted; a different e-mail is not either.
    const [{ n: guestRows }] = await api.db.query<{ n: number }>('select count(*)::int as n from customer_order where customer_id is null and billing_email = $1', [email]);
    expect(guestRows).toBe(2);

    const session = dataOf(
      await api.anonymous.request(RegisterCustomerDocument, {
        input: { firstName: 'Sámi', lastName, email: email.toUpperCase(), password: 'jasmiini-tee-ja-kakku-42', consents: [] },
      }),
      'register',
    ).registerCustomer!;
    const customerId = String(session.customerId);
    const adopted = await api.db.query<{ id: string; retain_until: string | null }>('select id, retain_until from customer_order where customer_id = $1 order by placed_at', [
      customerId,
    ]);
    expect(adopted.map((o) => o.id)).toEqual([first.id, second.id]);
    expect(adopted.every((o) => o.retain_until === null)).toBe(true);

    const exported = (await exportInStorefront(api, { client: api.withToken(session.token), email })) as unknown as DataExport;
    const orders = exported.sections.find((s) => /^orders/i.test(s.category))!.records as { orderNumber: string; billing: { email: string } }[];
    expect(orders.map((o) => o.orderNumber).sort()).toEqual([first.orderNumber, second.orderNumber].sort());
    expect(orders.every((o) => o.billing.email === email)).toBe(true);

    const requestId = await recordRequest(api, customerId, 'ERASURE');
    const erased = dataOf(await staff(api, 'PRIVACY_OFFICER').request(EraseCustomerDocument, { requestId }), 'erase').eraseCustomer!;
    expect(erased.status).toBe('ERASED');
    const kept = await api.db.query<Record<string, unknown>>(
      `select customer_id, billing_name, billing_email, billing_phone, billing_line1, delivery_name, delivery_email, delivery_phone, delivery_line1, retain_until
       from customer_order where id = any($1::uuid[])`,
      [[first.id, second.id]],
    );
    expect(kept).toHaveLength(2);
    for (const order of kept) {
      // Bookkeeping: billing name and address, until the Accounting Act date; contact and delivery gone.
      expect(order).toEqual(
        expect.objectContaining({
          customer_id: null,
          billing_email: null,
          billing_phone: null,
          delivery_email: null,
          delivery_phone: null,
          delivery_name: 'ERASED',
          delivery_line1: 'ERASED',
        }),
      );
      expect(order.billing_name).toBe(name);
      expect(order.retain_until).not.toBeNull();
    }
    const notes = await api.db.query<{ detail: string }>('select detail::text from order_change where order_id = any($1::uuid[])', [[first.id, second.id]]);
    expect(notes.some((n) => n.detail.includes('[erased]'))).toBe(true);
    expect(notes.every((n) => !n.detail.includes(name) && !n.detail.includes('765 4321'))).toBe(true);
  });
});
