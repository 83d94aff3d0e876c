import { execute } from '../../core/db/sql';
import { ErasureOutcomeKind, type ErasureOutcome, type PersonalDataHandler } from '../../core/personal-data/registry';
import { BOOKKEEPING_LEGAL_BASIS, orderRetainUntil } from './retention';

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
  entities: ['CustomerOrder', 'OrderLine', 'OrderChange', 'OrderParty', 'DeliveryAssignment'],

  async export({ em, subject }) {
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
           order by h.changed_at) from order_change h where h.order_id = o.id), '[]') as changes,
         coalesce((select json_agg(p.name) from delivery_assignment a join partner p on p.id = a.partner_id where a.order_id = o.id), '[]')
           as "deliveredBy"
       from customer_order o where o.customer_id = ?::uuid order by o.placed_at`,
      [subject.customerId],
    );
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

  async erase({ em, subject, now, settings }) {
    const orders = await execute<{ id: string; placedAt: string | Date }>(
      em,
      'select id, placed_at as "placedAt" from customer_order where customer_id = ?::uuid',
      [subject.customerId],
    );
    if (orders.length === 0) return [];
    let latest = '';
    for (const order of orders) {
      const retainUntil = orderRetainUntil(new Date(order.placedAt), settings);
      if (retainUntil > latest) latest = retainUntil;
      await execute(
        em,
        `update customer_order set customer_id = null, held_since = ?, retain_until = ?::date,
           billing_email = null, billing_phone = null,
           delivery_name = ?, delivery_email = null, delivery_phone = null, delivery_line1 = ?, delivery_line2 = null,
           delivery_postal_code = ?, delivery_city = ?
         where id = ?::uuid`,
        [now, retainUntil, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, order.id],
      );
    }
    const ids = `{${orders.map((o) => o.id).join(',')}}`;
    // The history keeps what happened to the products, not who the customer was.
    await execute(em, `update order_change set actor_id = null where order_id = any(?::uuid[]) and actor_kind = 'CUSTOMER'`, [ids]);
    const outcomes: ErasureOutcome[] = [
      {
        category: 'Orders as bookkeeping material (number, date, products, totals, billing name and address)',
        outcome: ErasureOutcomeKind.RETAINED,
        count: orders.length,
        legalBasis: BOOKKEEPING_LEGAL_BASIS,
        retainedUntil: latest,
      },
      {
        category: 'Delivery details and contact data on orders',
        outcome: ErasureOutcomeKind.ANONYMISED,
        count: orders.length,
        legalBasis: null,
        retainedUntil: null,
      },
    ];
    return outcomes;
  },
};
