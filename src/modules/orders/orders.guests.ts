import type { RequestContext } from '../../core/graphql/context';
import { execute } from '../../core/db/sql';
import { OPEN_STATES_SQL } from './orders.open-states';

/*
 * Guests are data subjects (issue 8 §4). A guest order's contact data belongs
 * to the e-mail it was placed with; when that e-mail registers (registration
 * is where the address is confirmed today), its guest orders join the account,
 * so export, erasure, restriction and the §4.2 clock reach them exactly as a
 * customer's own orders. Adoption runs inside the sign-up's transaction
 * (customers.service.ts registerCustomer): no account without its guest
 * orders, no guest orders half joined.
 */

/** Guest orders placed with this e-mail: no account, not an erased customer's held order. */
export const GUEST_ORDER_OF_EMAIL_SQL = `customer_id is null and held_since is null and anonymised_at is null and lower(billing_email) = lower(?)`;

/**
 * Attach the e-mail's guest orders to the new account. Their bookkeeping
 * clock (retain_until, set for guests at placement) is cleared: like any
 * customer order it starts if the account is erased (§8.9). Answers how many.
 */
export async function adoptGuestOrders(ctx: Pick<RequestContext, 'em' | 'now'>, customerId: string, email: string): Promise<number> {
  const rows = await execute<{ id: string }>(
    ctx.em,
    `update customer_order set customer_id = ?::uuid, retain_until = null, updated_at = ? where ${GUEST_ORDER_OF_EMAIL_SQL} returning id`,
    [customerId, ctx.now(), email],
  );
  return rows.length;
}

/**
 * §4.2 for guests: a closed guest order's contact and delivery details are
 * kept for `inactiveMonths` after it was placed, like an unused account, not
 * for the ten bookkeeping years; the bookkeeping (billing name and address,
 * lines, totals) stays on its own clock (§8.9). Closed means out of the open
 * states that block an erasure (the same definition). SQL over alias o with
 * one parameter, the cutoff time.
 */
export const GUEST_CONTACT_DUE_SQL = `(o.customer_id is null and o.held_since is null and o.anonymised_at is null
  and o.status not in (${OPEN_STATES_SQL}) and o.placed_at < ?)`;
