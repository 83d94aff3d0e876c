import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { anyStaff, customer, everyone } from '../../core/auth/rules';

/** Signing in is open to anyone (throttled); signing out needs a session. */
export const identityPolicy: PolicyMap = {
  Query: {
    me: customer,
    viewer: everyone,
  },
  Mutation: {
    login: everyone,
    staffLogin: everyone,
    logout: or(customer, anyStaff),
    logoutEverywhere: or(customer, anyStaff),
    reauthenticate: customer,
  },
  SessionPayload: everyone,
  Viewer: everyone,
};
