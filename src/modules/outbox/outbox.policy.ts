import type { PolicyMap } from '../../core/auth/policy';
import { staff } from '../../core/auth/rules';

/** Telling customers of a statement change (§11.1) is the privacy officer's call. */
export const outboxPolicy: PolicyMap = {
  Mutation: {
    announcePrivacyNotice: staff('PRIVACY_OFFICER'),
  },
};
