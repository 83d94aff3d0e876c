import { defineErrors } from '../../core/graphql/errors';

/** Restriction (§8.11) and direct-marketing ban (§8.4) codes; RESTRICTED itself is core's (the read guard throws it). */
export const restrictionErrors = defineErrors('restrictions', ['RESTRICTION_LIFTED', 'RESTRICTION_LIFT_PENDING', 'NO_MARKETING_BAN'], {
  RESTRICTION_LIFTED: 'This restriction was already lifted',
  // Art 18(3): the lift waits until the customer has been sent the notice.
  RESTRICTION_LIFT_PENDING: 'This restriction is being lifted: it is lifted once the customer has been sent the notice',
  NO_MARKETING_BAN: 'You have no direct-marketing ban in force',
});
