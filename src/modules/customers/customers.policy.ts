import { or } from 'graphql-shield';
import { customer, everyone, self, staff } from '../../core/auth/rules';
import type { Principal } from '../../core/auth/principal';
import { hasRole } from '../../core/auth/principal';
import type { PolicyMap } from '../../core/auth/policy';
import { ConsentPurpose } from '../consents/consent-event.entity';
import { marketingInForceSql } from '../consents/consents.sql';
import { objectionSql, wholeRestrictionSql } from '../restrictions/restrictions.sql';
import type { AddressView, CustomerView } from './customers.types';

/** Row rule: which customers a principal reaches at all (§9.2: only those who need them). */
export type CustomerVisibility = { kind: 'ALL' } | { kind: 'NONE' } | { kind: 'SELF'; customerId: string } | { kind: 'WHERE'; sql: string };

/**
 * Marketing sees only customers with a marketing permission in force (§3.2
 * targeting marketing rests on consent), who have not objected or banned
 * direct marketing (§8.3, §8.4) and whose processing is not restricted
 * (§8.11). Alias `c` is the customer row.
 */
export const MARKETING_AUDIENCE_SQL = `${marketingInForceSql('c.id')} and not ${wholeRestrictionSql('c.id')} and not ${objectionSql('c.id')}`;

export function customerVisibility(principal: Principal): CustomerVisibility {
  if (principal.kind === 'CUSTOMER') return { kind: 'SELF', customerId: principal.customerId };
  if (principal.kind === 'SYSTEM') return { kind: 'ALL' };
  if (hasRole(principal, 'CUSTOMER_SERVICE', 'PRIVACY_OFFICER')) return { kind: 'ALL' };
  if (hasRole(principal, 'MARKETING')) return { kind: 'WHERE', sql: MARKETING_AUDIENCE_SQL };
  return { kind: 'NONE' };
}

/**
 * §3.2, §8.10: marketing reaches a customer's contact field only for a channel
 * the customer permitted: the e-mail address with e-mail marketing consent,
 * the phone number with SMS (or phone-call) marketing consent. Customer
 * service and the privacy officer read contact data for other purposes and are
 * not limited by it.
 */
export const MARKETING_CHANNEL_FIELDS: Readonly<Record<'email' | 'phone', readonly ConsentPurpose[]>> = {
  email: [ConsentPurpose.EMAIL_MARKETING],
  phone: [ConsentPurpose.SMS_MARKETING, ConsentPurpose.PHONE_MARKETING],
};

/** True when the principal reads customers only as marketing, so the channel rule applies. */
export function contactLimitedToChannels(principal: Principal): boolean {
  return hasRole(principal, 'MARKETING') && !hasRole(principal, 'CUSTOMER_SERVICE', 'PRIVACY_OFFICER');
}

/** The contact fields marketing may not have from a customer with these channels permitted. */
export function channelRefusals(principal: Principal, permitted: readonly string[] | null | undefined): readonly string[] | null {
  if (!contactLimitedToChannels(principal)) return null;
  const refused = (Object.keys(MARKETING_CHANNEL_FIELDS) as ('email' | 'phone')[]).filter(
    (field) => !MARKETING_CHANNEL_FIELDS[field].some((purpose) => permitted?.includes(purpose)),
  );
  return refused.length > 0 ? refused : null;
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
