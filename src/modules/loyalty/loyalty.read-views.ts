import type { PersonalDataView } from '../../core/personal-data/read-guard';
import type { LoyaltyMembershipView } from './loyalty.types';

/** Loyalty data copies no profile field; its reads are audited per member (§9.2). */
export const loyaltyReadView: PersonalDataView<LoyaltyMembershipView> = {
  typeName: 'LoyaltyMembership',
  customerIdOf: (membership) => membership.customerId,
  restrictedOf: () => null,
  copies: {},
};
