/*
 * Whose data an audit entry is about (§9.2): one customer in `customer_id`, or several read
 * with the same fields in one request in `customer_ids` (Migration20261202090000, issue 9).
 * Every reader of entries by customer goes through these, so neither form is missed.
 */

/** Entries about one customer (alias `a`): bind the customer's id twice. */
export const aboutCustomer = (a: string) => `(${a}.customer_id = ?::uuid or ${a}.customer_ids @> array[?::uuid])`;

/** Entries about any of these customers (alias `a`): bind the uuid array literal twice. */
export const aboutAnyCustomer = (a: string) => `(${a}.customer_id = any(?::uuid[]) or ${a}.customer_ids && ?::uuid[])`;

/** One row per customer an entry names (alias `a`), as `named.customer_id`. */
export const namedCustomers = (a: string) => `cross join lateral unnest(coalesce(${a}.customer_ids, array[${a}.customer_id])) as named(customer_id)`;
