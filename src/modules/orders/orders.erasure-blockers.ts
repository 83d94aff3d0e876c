import { execute } from '../../core/db/sql';
import type { ErasureBlocker, ErasureRefusal } from '../../core/personal-data/registry';
import { GUEST_ORDER_OF_EMAIL_SQL } from './orders.guests';
import { IN_DELIVERY_STATES, OPEN_STATES_SQL, UNPAID_STATES } from './orders.open-states';

/*
 * Which orders block erasure (§8.7), on the one definition of open states
 * (orders.open-states.ts). An order not yet
 * paid, or paid and still on its way, is a contract being performed; the
 * request refuses with a reason (a customer's or a guest's), and the §4.2
 * inactivity pass keeps the customer, from the same lists.
 */
const BLOCKING = OPEN_STATES_SQL;

/** The refusal the open orders give, the same for a customer and a guest. */
function refusalOf(open: readonly { orderNumber: string; status: string }[]): ErasureRefusal | null {
  const unpaid = open.filter((o) => (UNPAID_STATES as readonly string[]).includes(o.status));
  if (unpaid.length > 0) {
    return {
      code: 'ERASURE_UNPAID_ORDER',
      reason: `Order ${unpaid.map((o) => o.orderNumber).join(', ')} is not paid yet. We can erase your data once it is paid or cancelled.`,
    };
  }
  const delivering = open.filter((o) => (IN_DELIVERY_STATES as readonly string[]).includes(o.status));
  if (delivering.length > 0) {
    return {
      code: 'ERASURE_OPEN_ORDER',
      reason: `Order ${delivering.map((o) => o.orderNumber).join(', ')} is still being delivered. We can erase your data once it has arrived.`,
    };
  }
  return null;
}

export const openOrdersBlockErasure: ErasureBlocker = {
  keepReason: 'OPEN_ORDER (contract being performed)',
  blockedSql: (customerIdSql) => `exists (select 1 from customer_order o where o.customer_id = ${customerIdSql} and o.status in (${BLOCKING}))`,
  async refusal(em, customerId) {
    return refusalOf(
      await execute<{ orderNumber: string; status: string }>(
        em,
        `select order_number as "orderNumber", status from customer_order where customer_id = ?::uuid and status in (${BLOCKING}) order by placed_at`,
        [customerId],
      ),
    );
  },
  // A guest's open order is a contract being performed just the same (§8.7).
  async guestRefusal(em, email) {
    return refusalOf(
      await execute<{ orderNumber: string; status: string }>(
        em,
        `select order_number as "orderNumber", status from customer_order where ${GUEST_ORDER_OF_EMAIL_SQL} and status in (${BLOCKING}) order by placed_at`,
        [email],
      ),
    );
  },
};
