/**
 * SQL conditions over a customer id column that the other domains' row rules
 * use. Kept here, beside the tables they read, so restriction logic has one home.
 */

/** The customer's processing is restricted as a whole (§8.8, §8.11). */
export function wholeRestrictionSql(customerIdColumn: string): string {
  return `exists (select 1 from restriction r where r.customer_id = ${customerIdColumn} and r.lifted_at is null and r.fields is null)`;
}

/** The customer objected to processing or banned direct marketing (§8.3, §8.4). */
export function objectionSql(customerIdColumn: string): string {
  return `exists (select 1 from objection x where x.customer_id = ${customerIdColumn} and x.lifted_at is null)`;
}

/**
 * The restriction in force on a customer, as one value per row: null when
 * none, '*' in the array when all processing is restricted, else the
 * restricted profile fields. Loaders select it beside every row that holds or
 * copies profile data, so the read guard masks without another query. A field
 * two restrictions name comes twice (the guard asks whether the array includes
 * it): `array_agg(distinct …)` set up a sort for every row, ≈ 10 µs each even
 * with no restriction at all, a millisecond of a 100-customer page (issue 9).
 */
export function restrictedFieldsSql(customerIdColumn: string): string {
  return `(select array_agg(coalesce(f, '*')) from restriction r left join lateral unnest(r.fields) f on true
    where r.customer_id = ${customerIdColumn} and r.lifted_at is null)`;
}
