import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { customer, self, staff } from '../../core/auth/rules';

/** Restriction (§8.8, §8.11), objection (§8.3) and the direct-marketing ban (§8.4). */
export const restrictionsPolicy: PolicyMap = {
  Mutation: {
    restrictMyProcessing: customer,
    restrictProcessing: staff('PRIVACY_OFFICER'),
    liftRestriction: staff('PRIVACY_OFFICER'),
    banDirectMarketing: customer,
    recordDirectMarketingBan: staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
    // §8.4: only the customer lifts their own ban.
    liftMarketingBan: customer,
    objectToProcessing: customer,
    decideObjection: staff('PRIVACY_OFFICER'),
  },
  Customer: {
    restrictions: or(
      self<{ id: string }>('Customer', (c) => c.id),
      staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
    ),
    objections: or(
      self<{ id: string }>('Customer', (c) => c.id),
      staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
    ),
  },
  Restriction: or(
    self<{ customerId: string }>('Restriction', (r) => r.customerId),
    staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
  ),
  Objection: or(
    self<{ customerId: string }>('Objection', (o) => o.customerId),
    staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
  ),
};
