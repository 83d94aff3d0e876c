import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';

/*
 * What other modules may ask the orders module (CONVENTIONS "Ownership"):
 * the customer_order table is read here, not in the asking module.
 */

export interface CustomerOrderNumber {
  orderId: string;
  customerId: string;
  orderNumber: string;
}

/** The orders these customers placed, oldest first: their ids and order numbers only (Art 19 notices name orders, never people). */
export async function orderNumbersOfCustomers(em: EntityManager, customerIds: readonly string[]): Promise<CustomerOrderNumber[]> {
  if (customerIds.length === 0) return [];
  return execute<CustomerOrderNumber>(
    em,
    `select id::text as "orderId", customer_id::text as "customerId", order_number as "orderNumber"
     from customer_order where customer_id = any(?::uuid[]) order by placed_at, id`,
    [`{${customerIds.join(',')}}`],
  );
}
