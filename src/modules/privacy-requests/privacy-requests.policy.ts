import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { customer, partner, self, staff } from '../../core/auth/rules';

/**
 * Data-subject rights (§8). Customer service records and verifies written
 * requests; the privacy officer extends, refuses, erases and holds; the
 * customer acts for themself in the storefront. Partners read their Art 19
 * notices only.
 */
const requestHandlers = staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER');
const anyPartner = or(partner('ORDERS_DELIVERY'), partner('ORDERS_ACCOUNTING'));

export const privacyRequestsPolicy: PolicyMap = {
  Query: {
    privacyRequests: requestHandlers,
    myPrivacyRequests: customer,
    legalHolds: staff('PRIVACY_OFFICER'),
    partnerNotices: anyPartner,
    myNotices: customer,
  },
  Mutation: {
    recordPrivacyRequest: requestHandlers,
    verifyPrivacyRequest: requestHandlers,
    extendPrivacyRequest: staff('PRIVACY_OFFICER'),
    completePrivacyRequest: requestHandlers,
    refusePrivacyRequest: staff('PRIVACY_OFFICER'),
    requestErasure: customer,
    eraseCustomer: staff('PRIVACY_OFFICER'),
    placeLegalHold: staff('PRIVACY_OFFICER'),
    releaseLegalHold: staff('PRIVACY_OFFICER'),
    acknowledgePartnerNotice: anyPartner,
  },
  PrivacyRequest: or(
    self<{ customerId: string | null }>('PrivacyRequest', (r) => r.customerId),
    requestHandlers,
  ),
  PrivacyRequestConnection: requestHandlers,
  PrivacyRequestEdge: requestHandlers,
  ErasureResult: or(
    self<{ customerId: string | null }>('ErasureResult', (r) => r.customerId),
    staff('PRIVACY_OFFICER'),
  ),
  ErasureCategoryResult: or(customer, staff('PRIVACY_OFFICER')),
  LegalHold: staff('PRIVACY_OFFICER'),
  PartnerNotice: anyPartner,
  CustomerNotice: customer,
};
