import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';
import { aboutAnyCustomer, namedCustomers } from './audit.subjects.sql';

/*
 * What other modules may ask the audit module (CONVENTIONS "Ownership"):
 * the audit_entry table is read here and in the audit module's own files only.
 */

/** Which partners received which of these customers' data, from the audit of partner reads (Art 19 recipients). */
export async function partnerRecipientsOf(em: EntityManager, customerIds: readonly string[]): Promise<{ customerId: string; partnerId: string }[]> {
  if (customerIds.length === 0) return [];
  return execute<{ customerId: string; partnerId: string }>(
    em,
    `select distinct named.customer_id::text as "customerId", a.principal_id as "partnerId" from audit_entry a ${namedCustomers('a')}
     where ${aboutAnyCustomer('a')} and named.customer_id = any(?::uuid[]) and a.principal_kind = 'PARTNER'`,
    [`{${customerIds.join(',')}}`, `{${customerIds.join(',')}}`, `{${customerIds.join(',')}}`],
  );
}
