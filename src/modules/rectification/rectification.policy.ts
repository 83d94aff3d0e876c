import type { PolicyMap } from '../../core/auth/policy';
import { customer, staff } from '../../core/auth/rules';

/** §8.2: the customer corrects their own profile; customer service corrects on a verified request. */
export const rectificationPolicy: PolicyMap = {
  Mutation: {
    updateMyProfile: customer,
    rectifyCustomer: staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER'),
  },
};
