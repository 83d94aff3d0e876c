import { or } from 'graphql-shield';
import { customer, everyone, self, staff } from '../../core/auth/rules';
import type { Principal } from '../../core/auth/principal';
import { hasRole } from '../../core/auth/principal';
import type { PolicyMap } from '../../core/auth/policy';
import { MARKETING_PURPOSES } from '../consents/consent-event.entity';
import { objectionSql, wholeRestrictionSql } from '../restrictions/restrictions.sql';
import type { AddressView, CustomerView } from './customers.types';

/** Row rule: which customers a principal reaches at all (§9.2: only those who need them). */
export type CustomerVisibility =
  | { kind: 'ALL' }
  | { kind: 'NONE' }
  | { kind: 'SELF'; customerId: string }
  | { kind: 'WHERE'; sql: string };

/**
 * Marketing sees only customers with a marketing permission in force (§3.2
 * targeting marketing rests on consent), who have not objected or banned
 * direct marketing (§8.3, §8.4) and whose processing is not restricted
 * (§8.11). Alias `c` is the customer row.
 */
export const MARKETING_AUDIENCE_SQL = `exists (
  select 1 from (
    select distinct on (e.purpose) e.granted from consent_event e
    where e.customer_id = c.id and e.purpose in (${MARKETING_PURPOSES.map((p) => `'${p}'`).join(', ')})
    order by e.purpose, e.occurred_at desc, e.id desc
  ) current_state where current_state.granted
) and not ${wholeRestrictionSql('c.id')} and not ${objectionSql('c.id')}`;

export function customerVisibility(principal: Principal): CustomerVisibility {
  if (principal.kind === 'CUSTOMER') return { kind: 'SELF', customerId: principal.customerId };
  if (principal.kind === 'SYSTEM') return { kind: 'ALL' };
  if (hasRole(principal, 'CUSTOMER_SERVICE', 'PRIVACY_OFFICER')) return { kind: 'ALL' };
  if (hasRole(principal, 'MARKETING')) return { kind: 'WHERE', sql: MARKETING_AUDIENCE_SQL };
  return { kind: 'NONE' };
}

const ownCustomer = self<CustomerView>('Customer', (customer) => customer.id);
const ownAddress = self<AddressView>('Address', (address) => address.customerId);
const profileReaders = or(ownCustomer, staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING'));

export const customersPolicy: PolicyMap = {
  Query: {
    customer: or(customer, staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING')),
    customers: staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING'),
  },
  Mutation: {
    registerCustomer: everyone,
    createCustomer: staff('CUSTOMER_SERVICE'),
  },
  Customer: { '*': profileReaders },
  Address: or(ownAddress, staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING')),
  CustomerConnection: staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING'),
  CustomerEdge: staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING'),
  PageInfo: everyone,
};
