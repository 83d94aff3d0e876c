import { MARKETING_PURPOSES } from './consent-event.entity';

/*
 * SQL fragments other modules embed in their own set-based reads
 * (CONVENTIONS "Ownership"): consent_event is named here, so the customers
 * module's loaders and audience rule ask the consents module for "which
 * marketing permissions are in force" instead of reading its table. The
 * latest event per purpose decides (§4.4, §3.2).
 */

const MARKETING_PURPOSES_SQL = MARKETING_PURPOSES.map((p) => `'${p}'`).join(', ');

/** The marketing purposes in force for the customer in `customerIdColumn`, as a text array (null when none). */
export function marketingChannelsSql(customerIdColumn: string): string {
  return `(select array_agg(s.purpose::text) from (
    select distinct on (e.purpose) e.purpose, e.granted from consent_event e
    where e.customer_id = ${customerIdColumn} and e.purpose in (${MARKETING_PURPOSES_SQL})
    order by e.purpose, e.occurred_at desc, e.id desc) s where s.granted)`;
}

/** True when at least one marketing permission is in force for the customer in `customerIdColumn`. */
export function marketingInForceSql(customerIdColumn: string): string {
  return `exists (
  select 1 from (
    select distinct on (e.purpose) e.granted from consent_event e
    where e.customer_id = ${customerIdColumn} and e.purpose in (${MARKETING_PURPOSES_SQL})
    order by e.purpose, e.occurred_at desc, e.id desc
  ) current_state where current_state.granted
)`;
}
