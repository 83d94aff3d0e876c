import { defineErrors } from '../../core/graphql/errors';

export const legalHoldErrors = defineErrors('legal-holds', ['LEGAL_HOLD_RELEASED'], {
  LEGAL_HOLD_RELEASED: 'This hold was already released',
});
