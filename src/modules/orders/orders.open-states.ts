/*
 * Which order states are a contract still being performed (§8.7): the one
 * definition. The erasure blockers refuse on them (orders.erasure-blockers.ts)
 * and the §4.2 guest clock waits for an order to leave them
 * (orders.guests.ts), so the two can never disagree.
 */
export const UNPAID_STATES = ['PLACED'] as const;
export const IN_DELIVERY_STATES = ['PAID', 'SHIPPED'] as const;

/** The open states as an SQL list: `status in (${OPEN_STATES_SQL})`. */
export const OPEN_STATES_SQL = [...UNPAID_STATES, ...IN_DELIVERY_STATES].map((s) => `'${s}'`).join(', ');
