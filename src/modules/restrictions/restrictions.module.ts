import type { ModuleManifest } from '../../core/module';
import { RESTRICTIONS_DATA_MAP } from './restrictions.data-map';
import { Restriction } from './restriction.entity';
import { Objection } from './objection.entity';
import { CustomerRestrictionsResolver, RestrictionsResolver } from './restrictions.resolver';
import { restrictionsPolicy } from './restrictions.policy';
import { restrictionsPersonalData } from './restrictions.personal-data';

/** The restrictions module: what it brings to the application (assembled in src/app/modules.ts). */
export const restrictionsModule: ModuleManifest = {
  name: 'restrictions',
  entities: [Restriction, Objection],
  resolvers: [RestrictionsResolver, CustomerRestrictionsResolver],
  policy: restrictionsPolicy,
  personalData: restrictionsPersonalData,
  dataMap: RESTRICTIONS_DATA_MAP,
};
