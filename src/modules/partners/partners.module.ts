import type { ModuleManifest } from '../../core/module';
import { PARTNERS_DATA_MAP } from './partners.data-map';
import { Partner } from './partner.entity';
import { PartnerToken } from './partner-token.entity';
import { DeliveryAssignment } from './delivery-assignment.entity';
import { DeliveryResolver, PartnerResolver } from './partners.resolver';
import { partnersPolicy } from './partners.policy';
import { partnersPersonalData } from './partners.personal-data';
import { PARTNERS_RETENTION_RULES } from './partners.retention-rules';

/** The partners module: what it brings to the application (assembled in src/app/modules.ts). */
export const partnersModule: ModuleManifest = {
  name: 'partners',
  entities: [Partner, PartnerToken, DeliveryAssignment],
  resolvers: [PartnerResolver, DeliveryResolver],
  policy: partnersPolicy,
  personalData: partnersPersonalData,
  dataMap: PARTNERS_DATA_MAP,
  retentionRules: PARTNERS_RETENTION_RULES,
};
