import { defineErrors } from '../../core/graphql/errors';

export const consentErrors = defineErrors('consents', ['CONSENT_BLOCKED_BY_BAN'], {
  CONSENT_BLOCKED_BY_BAN: 'Marketing cannot be permitted while the customer’s direct-marketing ban stands (§8.4)',
});
