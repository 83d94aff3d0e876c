import type { ModuleManifest } from '../../core/module';
import { LOYALTY_DATA_MAP } from './loyalty.data-map';
import { LoyaltyMembership } from './loyalty-membership.entity';
import { CustomerLoyaltyResolver, LoyaltyMutationsResolver } from './loyalty.resolver';
import { loyaltyPolicy } from './loyalty.policy';
import { loyaltyPersonalData } from './loyalty.personal-data';
import { loyaltyReadView } from './loyalty.read-views';
import { activeMembershipKeepsCustomer, LOYALTY_RETENTION_RULES } from './loyalty.retention-rules';

/** The loyalty module: what it brings to the application (assembled in src/app/modules.ts). */
export const loyaltyModule: ModuleManifest = {
  name: 'loyalty',
  entities: [LoyaltyMembership],
  resolvers: [CustomerLoyaltyResolver, LoyaltyMutationsResolver],
  policy: loyaltyPolicy,
  personalData: loyaltyPersonalData,
  dataMap: LOYALTY_DATA_MAP,
  retentionRules: LOYALTY_RETENTION_RULES,
  inactivityKeepers: [activeMembershipKeepsCustomer],
  readViews: [loyaltyReadView],
};
