import { execute } from '../../core/db/sql';
import type { ErasureBlocker } from '../../core/personal-data/registry';
import { erasureRefusals } from '../erasure/erasure.errors';

/*
 * Which orders block erasure (§8.7): the one definition. An order not yet
 * paid, or paid and still on its way, is a contract being performed; the
 * request refuses with a reason, and the §4.2 inactivity pass keeps the
 * customer, from the same lists.
 */
export const UNPAID_STATES = ['PLACED'] as const;
export const IN_DELIVERY_STATES = ['PAID', 'SHIPPED'] as const;
const BLOCKING = [...UNPAID_STATES, ...IN_DELIVERY_STATES].map((s) => `'${s}'`).join(', ');

export const openOrdersBlockErasure: ErasureBlocker = {
  keepReason: 'OPEN_ORDER (contract being performed)',
  blockedSql: (customerIdSql) => `exists (select 1 from customer_order o where o.customer_id = ${customerIdSql} and o.status in (${BLOCKING}))`,
  async refusal(em, customerId) {
    const open = await execute<{ orderNumber: string; status: string }>(
      em,
      `select order_number as "orderNumber", status from customer_order where customer_id = ?::uuid and status in (${BLOCKING}) order by placed_at`,
      [customerId],
    );
    const unpaid = open.filter((o) => (UNPAID_STATES as readonly string[]).includes(o.status));
    if (unpaid.length > 0) {
      return {
        code: erasureRefusals.enum.ERASURE_UNPAID_ORDER,
        reason: `Order ${unpaid.map((o) => o.orderNumber).join(', ')} is not paid yet. We can erase your data once it is paid or cancelled.`,
      };
    }
    const delivering = open.filter((o) => (IN_DELIVERY_STATES as readonly string[]).includes(o.status));
    if (delivering.length > 0) {
      return {
        code: erasureRefusals.enum.ERASURE_OPEN_ORDER,
        reason: `Order ${delivering.map((o) => o.orderNumber).join(', ')} is still being delivered. We can erase your data once it has arrived.`,
      };
    }
    return null;
  },
};
