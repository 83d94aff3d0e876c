import type { ModuleManifest } from '../../core/module';
import { CONSENTS_DATA_MAP } from './consents.data-map';
import { ConsentEvent } from './consent-event.entity';
import { ConsentMutationsResolver, CustomerConsentsResolver } from './consents.resolver';
import { consentsPolicy } from './consents.policy';
import { consentsPersonalData } from './consents.personal-data';
import { consentEntryReadView, consentStateReadView } from './consents.read-views';

/** The consents module: what it brings to the application (assembled in src/app/modules.ts). */
export const consentsModule: ModuleManifest = {
  name: 'consents',
  entities: [ConsentEvent],
  resolvers: [CustomerConsentsResolver, ConsentMutationsResolver],
  policy: consentsPolicy,
  personalData: consentsPersonalData,
  dataMap: CONSENTS_DATA_MAP,
  readViews: [consentStateReadView, consentEntryReadView],
};
