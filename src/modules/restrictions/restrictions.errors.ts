import { defineErrors } from '../../core/graphql/errors';

/** Restriction (§8.11) and direct-marketing ban (§8.4) codes; RESTRICTED itself is core's (the read guard throws it). */
export const restrictionErrors = defineErrors('restrictions', ['RESTRICTION_LIFTED', 'NO_MARKETING_BAN'], {
  RESTRICTION_LIFTED: 'This restriction was already lifted',
  NO_MARKETING_BAN: 'You have no direct-marketing ban in force',
});
