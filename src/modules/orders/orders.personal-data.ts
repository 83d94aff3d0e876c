import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';
import { deliveryPartnersOfOrders } from '../partners/partners.directory';
import { GUEST_ORDER_OF_EMAIL_SQL } from './orders.guests';
import { ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';
import { BOOKKEEPING_LEGAL_BASIS, retainUntilSql } from './retention';

/** The orders matching `where` (over alias o), with lines, changes and who delivered them. */
async function exportOrders(em: EntityManager, where: string, params: unknown[]): Promise<({ id: string } & Record<string, unknown>)[]> {
  const orders = await execute<{ id: string } & Record<string, unknown>>(
    em,
    `select o.id, o.order_number as "orderNumber", o.placed_at as "placedAt", o.status, o.currency, o.subtotal_cents as "subtotalCents",
         o.shipping_cents as "shippingCents", o.total_cents as "totalCents", o.source,
         json_build_object('name', o.billing_name, 'email', o.billing_email, 'phone', o.billing_phone, 'line1', o.billing_line1,
           'line2', o.billing_line2, 'postalCode', o.billing_postal_code, 'city', o.billing_city, 'countryCode', o.billing_country_code) as billing,
         json_build_object('name', o.delivery_name, 'email', o.delivery_email, 'phone', o.delivery_phone, 'line1', o.delivery_line1,
           'line2', o.delivery_line2, 'postalCode', o.delivery_postal_code, 'city', o.delivery_city, 'countryCode', o.delivery_country_code) as delivery,
         coalesce((select json_agg(json_build_object('productCode', l.product_code, 'productName', l.product_name, 'quantity', l.quantity,
           'unitPriceCents', l.unit_price_cents) order by l.line_no) from order_line l where l.order_id = o.id), '[]') as lines,
         coalesce((select json_agg(json_build_object('kind', h.kind, 'at', h.changed_at, 'by', h.actor_kind, 'detail', h.detail)
           order by h.changed_at) from order_change h where h.order_id = o.id), '[]') as changes
       from customer_order o where ${where} order by o.placed_at`,
    params,
  );
  // Who delivered each order (§7.4) is the partners module's to answer.
  const partners = await deliveryPartnersOfOrders(
    em,
    orders.map((o) => o.id),
  );
  return orders.map((o) => ({ ...o, deliveredBy: partners.get(o.id) ?? [] }));
}

/** Placeholder written over delivery details of an erased customer's held order. */
export const ERASED_TEXT = 'ERASED';

/**
 * Orders (§3.2, §4.1). On erasure an order stays as bookkeeping material
 * (number, date, lines, totals, billing name and address) until the Accounting
 * Act period ends (§8.9); the customer link, delivery details and contact data
 * on it go, and it becomes visible to accounting and the privacy officer only.
 */
export const ordersPersonalData: PersonalDataHandler = {
  domain: 'orders',
  entities: ['CustomerOrder', 'OrderLine', 'OrderChange', 'OrderParty'],

  async export({ em }, subject) {
    const orders = await exportOrders(em, 'o.customer_id = ?::uuid', [subject.customerId]);
    return [
      {
        category: 'Orders with products, changes, billing and delivery details',
        purposes: ['Webshop business and orders (§3.2)', 'Customer service (§3.2)'],
        legalBasis: `The purchase contract (§3.1); ${BOOKKEEPING_LEGAL_BASIS}`,
        retention: 'Bookkeeping material for 10 years from the end of the financial year (§8.9)',
        records: orders,
      },
    ];
  },

  // Guests (issue 8 §4): the orders placed with the e-mail and no account, exactly as a customer's.
  async exportGuest({ em }, email) {
    const orders = await exportOrders(em, GUEST_ORDER_OF_EMAIL_SQL, [email]);
    return [
      {
        category: 'Orders with products, changes, billing and delivery details placed as a guest',
        purposes: ['Webshop business and orders (§3.2)', 'Customer service (§3.2)'],
        legalBasis: `The purchase contract (§3.1); ${BOOKKEEPING_LEGAL_BASIS}`,
        retention: 'Bookkeeping material for 10 years from the end of the financial year (§8.9)',
        records: orders,
      },
    ];
  },

  // Every name, address and number the guest gave on their orders: notes about them are written with these (§8.7).
  async guestIdentifiers({ em }, email) {
    const rows = await execute<{ emails: string[] | null; phones: string[] | null; names: string[] | null; lines: string[] | null }>(
      em,
      `select array_remove(array_agg(distinct billing_email) || array_agg(distinct delivery_email), null) as emails,
         array_remove(array_agg(distinct billing_phone) || array_agg(distinct delivery_phone), null) as phones,
         array_remove(array_agg(distinct billing_name) || array_agg(distinct delivery_name), null) as names,
         array_remove(array_agg(distinct billing_line1) || array_agg(distinct billing_line2) || array_agg(distinct delivery_line1)
           || array_agg(distinct delivery_line2), null) as lines
       from customer_order o where ${GUEST_ORDER_OF_EMAIL_SQL}`,
      [email],
    );
    const row = rows[0];
    return { emails: [email, ...(row?.emails ?? [])], phones: row?.phones ?? [], names: row?.names ?? [], addressLines: row?.lines ?? [] };
  },

  // Like a customer's held order (§8.9): billing name and address, lines and totals stay as bookkeeping
  // until retain_until; contact and delivery details go now.
  async eraseGuest({ em, now, settings }, email) {
    const [row] = await execute<{ n: string; until: string | null }>(
      em,
      `with held as (
         update customer_order o set held_since = ?, retain_until = coalesce(o.retain_until, ${retainUntilSql('o.placed_at', settings)}),
           billing_email = null, billing_phone = null,
           delivery_name = ?, delivery_email = null, delivery_phone = null, delivery_line1 = ?, delivery_line2 = null,
           delivery_postal_code = ?, delivery_city = ?, updated_at = ?
         where ${GUEST_ORDER_OF_EMAIL_SQL}
         returning o.retain_until)
       select count(*) as n, max(retain_until)::text as until from held`,
      [now, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, now, email],
    );
    const n = Number(row?.n ?? 0);
    if (n === 0) return [];
    return [
      {
        category: 'Guest orders as bookkeeping material (number, date, products, totals, billing name and address)',
        outcome: ErasureOutcomeKind.RETAINED,
        count: n,
        legalBasis: BOOKKEEPING_LEGAL_BASIS,
        retainedUntil: row!.until,
      },
      { category: 'Delivery details and contact data on guest orders', outcome: ErasureOutcomeKind.ANONYMISED, count: n, legalBasis: null, retainedUntil: null },
    ];
  },

  async erase({ em, now, settings }, subjects) {
    const ids = idArray(subjects);
    // The history keeps what happened to the products, not who the customer was.
    await execute(
      em,
      `update order_change set actor_id = null
       where actor_kind = 'CUSTOMER' and order_id in (select id from customer_order where customer_id = any(?::uuid[]))`,
      [ids],
    );
    const held = await execute<{ customerId: string; n: string; until: string }>(
      em,
      `with held as (
         update customer_order o set customer_id = null, held_since = ?, retain_until = ${retainUntilSql('o.placed_at', settings)},
           billing_email = null, billing_phone = null,
           delivery_name = ?, delivery_email = null, delivery_phone = null, delivery_line1 = ?, delivery_line2 = null,
           delivery_postal_code = ?, delivery_city = ?
         from (select id, customer_id from customer_order where customer_id = any(?::uuid[])) t
         where o.id = t.id
         returning t.customer_id, o.retain_until)
       select customer_id as "customerId", count(*) as n, max(retain_until)::text as until from held group by customer_id`,
      [now, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ids],
    );
    const byCustomer = new Map(held.map((row) => [row.customerId, row]));
    return outcomesFor(subjects, (id) => {
      const row = byCustomer.get(id);
      if (!row) return [];
      return [
        {
          category: 'Orders as bookkeeping material (number, date, products, totals, billing name and address)',
          outcome: ErasureOutcomeKind.RETAINED,
          count: Number(row.n),
          legalBasis: BOOKKEEPING_LEGAL_BASIS,
          retainedUntil: row.until,
        },
        { category: 'Delivery details and contact data on orders', outcome: ErasureOutcomeKind.ANONYMISED, count: Number(row.n), legalBasis: null, retainedUntil: null },
      ];
    });
  },
};
