import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { customer, self, staff } from '../../core/auth/rules';
import type { LoyaltyMembershipView } from './loyalty.types';

const readers = or(
  self<LoyaltyMembershipView>('LoyaltyMembership', (membership) => membership.customerId),
  staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING'),
);

/** Loyalty data (§2.2, §4.3): the member, customer service, the privacy officer and marketing. */
export const loyaltyPolicy: PolicyMap = {
  Customer: {
    loyalty: or(
      self<{ id: string }>('Customer', (customer) => customer.id),
      staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING'),
    ),
  },
  LoyaltyMembership: readers,
  Mutation: {
    joinLoyalty: customer,
    leaveLoyalty: customer,
    enrollInLoyalty: staff('CUSTOMER_SERVICE'),
  },
};
