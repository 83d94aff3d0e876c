import type { ModuleManifest } from '../../core/module';
import { IdentityCheck } from './identity-check.entity';
import { IDENTITY_CHECKS_DATA_MAP } from './identity-checks.data-map';

/** §8.5 identity checks by link: what the module brings to the application (assembled in src/app/modules.ts). */
export const identityChecksModule: ModuleManifest = {
  name: 'identity-checks',
  entities: [IdentityCheck],
  dataMap: IDENTITY_CHECKS_DATA_MAP,
};
