import type { ModuleManifest } from '../../core/module';
import { EmailKind } from '../outbox/email-message.entity';
import { registerDeliveryFollowUp } from '../outbox/outbox.follow-ups';
import { completeRestrictionLift } from './restrictions.service';
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

// Art 18(3): a restriction is lifted in the transaction that records the delivery of its notice.
registerDeliveryFollowUp(EmailKind.RESTRICTION_LIFTING, completeRestrictionLift);
