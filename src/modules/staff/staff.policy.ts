import type { PolicyMap } from '../../core/auth/policy';
import { staff } from '../../core/auth/rules';

/** Staff management is the admin's alone. */
export const staffPolicy: PolicyMap = {
  Query: { staffUsers: staff('ADMIN') },
  Mutation: {
    createStaffUser: staff('ADMIN'),
    setStaffRoles: staff('ADMIN'),
    deactivateStaffUser: staff('ADMIN'),
  },
  StaffUser: staff('ADMIN'),
};
