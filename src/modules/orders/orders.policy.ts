import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { customer, partner, self, staff } from '../../core/auth/rules';
import { hasRole, hasScope, type Principal } from '../../core/auth/principal';
import type { OrderView } from './orders.types';
import { wholeRestrictionSql } from '../restrictions/restrictions.sql';

/** Row rule for orders, as SQL over alias `o` with its parameters. */
export type OrderVisibility = { kind: 'NONE' } | { kind: 'WHERE'; sql: string; params: unknown[] };

export function orderVisibility(principal: Principal): OrderVisibility {
  if (principal.kind === 'CUSTOMER') return { kind: 'WHERE', sql: 'o.customer_id = ?::uuid', params: [principal.customerId] };
  if (principal.kind === 'SYSTEM' || hasRole(principal, 'PRIVACY_OFFICER', 'ACCOUNTING')) return { kind: 'WHERE', sql: 'true', params: [] };
  // Orders held for an erased customer are bookkeeping material only (§8.9), and a wholly
  // restricted customer's orders are only stored (§8.11): neither is customer service's.
  if (hasRole(principal, 'CUSTOMER_SERVICE')) return { kind: 'WHERE', sql: `o.held_since is null and not ${wholeRestrictionSql('o.customer_id')}`, params: [] };
  // §7.4: the accounting partner keeps the books on all orders, except a customer's whose
  // processing is restricted (§8.11: stored only, not disclosed).
  if (hasScope(principal, 'ORDERS_ACCOUNTING')) return { kind: 'WHERE', sql: `not ${wholeRestrictionSql('o.customer_id')}`, params: [] };
  return { kind: 'NONE' };
}

const ownOrder = self<OrderView>('Order', (order) => order.customerId);
const orderStaff = staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'ACCOUNTING');
/** §8.9: held bookkeeping material is for accounting and the privacy officer only. */
const heldOrderReaders = or(staff('PRIVACY_OFFICER', 'ACCOUNTING'), partner('ORDERS_ACCOUNTING'));

/**
 * Orders (§3.2, §4.1): the customer's own, customer service, the privacy
 * officer, accounting and the accounting partner (§7.4). Marketing never sees
 * orders or billing data.
 */
export const ordersPolicy: PolicyMap = {
  Query: {
    order: or(customer, orderStaff, partner('ORDERS_ACCOUNTING')),
    orders: or(customer, orderStaff, partner('ORDERS_ACCOUNTING')),
  },
  Mutation: {
    placeOrder: or(customer, staff('CUSTOMER_SERVICE')),
    changeOrder: staff('CUSTOMER_SERVICE'),
  },
  Customer: {
    orders: or(
      self<{ id: string }>('Customer', (c) => c.id),
      staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
    ),
  },
  Order: {
    '*': or(ownOrder, orderStaff, partner('ORDERS_ACCOUNTING')),
    // §7.4: the accounting partner keeps the books: billing, lines and totals, not delivery or history.
    delivery: or(ownOrder, orderStaff),
    changes: or(ownOrder, orderStaff),
    hold: heldOrderReaders,
  },
  OrderParty: {
    '*': or(customer, orderStaff, partner('ORDERS_ACCOUNTING')),
    // Bookkeeping needs the payer's name and address, not how to reach them (§4.1, §7.4).
    email: or(customer, orderStaff),
    phone: or(customer, orderStaff),
  },
  OrderHold: heldOrderReaders,
  // Nested types are reached only through an Order the caller passed the row and Order rules for.
  OrderLine: or(customer, orderStaff, partner('ORDERS_ACCOUNTING')),
  OrderChange: or(customer, orderStaff),
  OrderConnection: or(customer, orderStaff, partner('ORDERS_ACCOUNTING')),
  OrderEdge: or(customer, orderStaff, partner('ORDERS_ACCOUNTING')),
};
