import type { ModuleManifest } from '../../core/module';
import { PRIVACY_REQUESTS_DATA_MAP } from './privacy-requests.data-map';
import { PrivacyRequest } from './privacy-request.entity';
import { PrivacyRequestResolver } from './privacy-requests.resolver';
import { privacyRequestsPolicy } from './privacy-requests.policy';
import { privacyRequestsPersonalData } from './privacy-requests.personal-data';
import { openRequestKeepsCustomer, PRIVACY_REQUESTS_RETENTION_RULES } from './privacy-requests.retention-rules';

/** The privacy-requests module: what it brings to the application (assembled in src/app/modules.ts). */
export const privacyRequestsModule: ModuleManifest = {
  name: 'privacy-requests',
  entities: [PrivacyRequest],
  resolvers: [PrivacyRequestResolver],
  policy: privacyRequestsPolicy,
  personalData: privacyRequestsPersonalData,
  dataMap: PRIVACY_REQUESTS_DATA_MAP,
  retentionRules: PRIVACY_REQUESTS_RETENTION_RULES,
  inactivityKeepers: [openRequestKeepsCustomer],
};
