import DataLoader from 'dataloader';
import { groupBy, indexBy, uuidArray, type SqlRunner } from '../../core/db/sql';
import type { AddressView, CustomerView } from './customers.types';

export const CUSTOMER_DATES = ['createdAt', 'updatedAt', 'lastActivityAt'] as const;

/**
 * The restriction in force rides along in the same statement (no extra query
 * per page): null when none, ['*'] when all processing is restricted.
 */
export const CUSTOMER_COLUMNS = `c.id, c.first_name as "firstName", c.last_name as "lastName", c.email, c.phone, c.status,
  c.source, c.created_at as "createdAt", c.updated_at as "updatedAt", c.last_activity_at as "lastActivityAt",
  (select array_agg(distinct coalesce(f, '*')) from restriction r left join lateral unnest(r.fields) f on true
    where r.customer_id = c.id and r.lifted_at is null) as "restrictedFields"`;

/** Per-request batch loaders of the customers domain: one statement per batch, whatever its size. */
export function createCustomerLoaders(sql: SqlRunner) {
  return {
    customerById: new DataLoader<string, CustomerView | null>(async (ids) =>
      indexBy(ids, await sql.all<CustomerView>(`select ${CUSTOMER_COLUMNS} from customer c where c.id = any(?::uuid[])`, [uuidArray(ids)], CUSTOMER_DATES), 'id'),
    ),
    addressesByCustomer: new DataLoader<string, AddressView[]>(async (ids) =>
      groupBy(
        ids,
        await sql.all<AddressView>(
          `select a.id, a.customer_id as "customerId", a.kind, a.line1, a.line2, a.postal_code as "postalCode", a.city,
             a.country_code as "countryCode", a.source, a.created_at as "createdAt"
           from address a where a.customer_id = any(?::uuid[]) order by a.created_at, a.id`,
          [uuidArray(ids)],
          ['createdAt'],
        ),
        'customerId',
      ),
    ),
  };
}
