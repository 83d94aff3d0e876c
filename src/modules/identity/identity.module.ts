import type { ModuleManifest } from '../../core/module';
import { IDENTITY_DATA_MAP } from './identity.data-map';
import { CustomerCredential } from './customer-credential.entity';
import { Session } from './session.entity';
import { LoginFailure } from './login-failure.entity';
import { AddressThrottleEvent } from './address-throttle-event.entity';
import { IdentityResolver } from './identity.resolver';
import { identityPolicy } from './identity.policy';
import { identityPersonalData } from './identity.personal-data';
import { IDENTITY_RETENTION_RULES } from './identity.retention-rules';

/** The identity module: what it brings to the application (assembled in src/app/modules.ts). */
export const identityModule: ModuleManifest = {
  name: 'identity',
  entities: [CustomerCredential, Session, LoginFailure, AddressThrottleEvent],
  resolvers: [IdentityResolver],
  policy: identityPolicy,
  personalData: identityPersonalData,
  dataMap: IDENTITY_DATA_MAP,
  retentionRules: IDENTITY_RETENTION_RULES,
};
