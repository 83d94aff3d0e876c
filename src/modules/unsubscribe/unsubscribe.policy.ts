import type { PolicyMap } from '../../core/auth/policy';
import { staff } from '../../core/auth/rules';

/** The marketing system asks for unsubscribe headers; nothing else of this domain is in the schema. */
export const unsubscribePolicy: PolicyMap = {
  Mutation: { marketingEmailHeaders: staff('MARKETING') },
  UnsubscribeHeaders: staff('MARKETING'),
};
