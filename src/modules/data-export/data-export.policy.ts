import type { PolicyMap } from '../../core/auth/policy';
import { customer, staff } from '../../core/auth/rules';

/** §8.1: the customer exports their own data; the privacy officer answers written access requests. */
export const dataExportPolicy: PolicyMap = {
  Mutation: {
    exportMyData: customer,
    exportCustomerData: staff('PRIVACY_OFFICER'),
  },
};
