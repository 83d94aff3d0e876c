import DataLoader from 'dataloader';
import type { Principal } from '../../core/auth/principal';
import { groupBy, indexBy, uuidArray, type SqlRunner } from '../../core/db/sql';
import { marketingChannelsSql } from '../consents/consents.sql';
import { restrictedFieldsSql } from '../restrictions/restrictions.sql';
import { contactLimitedToChannels } from './customers.policy';
import type { AddressView, CustomerView } from './customers.types';

export const CUSTOMER_DATES = ['createdAt', 'updatedAt', 'lastActivityAt'] as const;

/**
 * The restriction in force rides along in the same statement (no extra query
 * per page): null when none, ['*'] when all processing is restricted.
 */
export const CUSTOMER_COLUMNS = `c.id, c.first_name as "firstName", c.last_name as "lastName", c.email, c.phone, c.status,
  c.source, c.created_at as "createdAt", c.updated_at as "updatedAt", c.last_activity_at as "lastActivityAt",
  ${restrictedFieldsSql('c.id')} as "restrictedFields"`;

/** The marketing permissions in force, for the channel rule (customers.policy.ts): only selected for marketing. */
const MARKETING_CHANNELS = `${marketingChannelsSql('c.id')} as "marketingChannels"`;

/** The customer columns a principal's reads need (alias `c`). */
export function customerColumns(principal: Principal): string {
  return contactLimitedToChannels(principal) ? `${CUSTOMER_COLUMNS}, ${MARKETING_CHANNELS}` : CUSTOMER_COLUMNS;
}

/** Per-request batch loaders of the customers domain: one statement per batch, whatever its size. */
export function createCustomerLoaders(sql: SqlRunner, principal: Principal) {
  const columns = customerColumns(principal);
  return {
    customerById: new DataLoader<string, CustomerView | null>(async (ids) =>
      indexBy(ids, await sql.all<CustomerView>(`select ${columns} from customer c where c.id = any(?::uuid[])`, [uuidArray(ids)], CUSTOMER_DATES), 'id'),
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
