import { defineErrors } from '../../core/graphql/errors';

export const loyaltyErrors = defineErrors('loyalty', ['LOYALTY_ALREADY_MEMBER', 'LOYALTY_NOT_MEMBER'], {
  LOYALTY_ALREADY_MEMBER: 'Already a member',
  LOYALTY_NOT_MEMBER: 'You are not a member of the loyalty programme',
});
