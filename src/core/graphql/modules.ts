import type { NonEmptyArray } from 'type-graphql';
import type { PolicyMap } from '../auth/policy';
import { consentsPolicy } from '../../modules/consents/consents.policy';
import { CustomerConsentsResolver } from '../../modules/consents/consents.resolver';
import { customersPolicy } from '../../modules/customers/customers.policy';
import { CustomerConnectionResolver, CustomerResolver } from '../../modules/customers/customers.resolver';
import { loyaltyPolicy } from '../../modules/loyalty/loyalty.policy';
import { CustomerLoyaltyResolver } from '../../modules/loyalty/loyalty.resolver';
import { ordersPolicy } from '../../modules/orders/orders.policy';
import { CustomerOrdersResolver, OrderResolver } from '../../modules/orders/orders.resolver';
import { auditPolicy } from '../../modules/audit/audit.policy';
import { AuditResolver, CustomerRecipientsResolver } from '../../modules/audit/audit.resolver';
import { identityPolicy } from '../../modules/identity/identity.policy';
import { IdentityResolver } from '../../modules/identity/identity.resolver';
import { partnersPolicy } from '../../modules/partners/partners.policy';
import { DeliveryResolver, PartnerResolver } from '../../modules/partners/partners.resolver';
import { staffPolicy } from '../../modules/staff/staff.policy';
import { StaffResolver } from '../../modules/staff/staff.resolver';
import { ErasureResolver } from '../../modules/erasure/erasure.resolver';
import { LegalHoldResolver } from '../../modules/legal-holds/legal-holds.resolver';
import { NotificationsResolver } from '../../modules/notifications/notifications.resolver';
import { privacyRequestsPolicy } from '../../modules/privacy-requests/privacy-requests.policy';
import { PrivacyRequestResolver } from '../../modules/privacy-requests/privacy-requests.resolver';
import { ConsentMutationsResolver } from '../../modules/consents/consents.resolver';
import { dataExportPolicy } from '../../modules/data-export/data-export.policy';
import { DataExportResolver } from '../../modules/data-export/data-export.resolver';
import { rectificationPolicy } from '../../modules/rectification/rectification.policy';
import { RectificationResolver } from '../../modules/rectification/rectification.resolver';
import { restrictionsPolicy } from '../../modules/restrictions/restrictions.policy';
import { CustomerRestrictionsResolver, RestrictionsResolver } from '../../modules/restrictions/restrictions.resolver';
import { unsubscribePolicy } from '../../modules/unsubscribe/unsubscribe.policy';
import { UnsubscribeResolver } from '../../modules/unsubscribe/unsubscribe.resolver';
import { privacyNoticePolicy } from '../../modules/privacy-notice/privacy-notice.policy';
import { PrivacyNoticeResolver } from '../../modules/privacy-notice/privacy-notice.resolver';

/** Every domain's resolvers and policies, in one place. A resolver without a policy is unreachable. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [
  CustomerResolver,
  CustomerConnectionResolver,
  CustomerLoyaltyResolver,
  CustomerOrdersResolver,
  CustomerConsentsResolver,
  OrderResolver,
  PrivacyNoticeResolver,
  IdentityResolver,
  StaffResolver,
  PartnerResolver,
  DeliveryResolver,
  AuditResolver,
  CustomerRecipientsResolver,
  PrivacyRequestResolver,
  ErasureResolver,
  LegalHoldResolver,
  NotificationsResolver,
  ConsentMutationsResolver,
  DataExportResolver,
  RectificationResolver,
  RestrictionsResolver,
  CustomerRestrictionsResolver,
  UnsubscribeResolver,
];

export const POLICIES: readonly PolicyMap[] = [
  customersPolicy,
  loyaltyPolicy,
  ordersPolicy,
  consentsPolicy,
  privacyNoticePolicy,
  identityPolicy,
  staffPolicy,
  partnersPolicy,
  auditPolicy,
  privacyRequestsPolicy,
  dataExportPolicy,
  rectificationPolicy,
  restrictionsPolicy,
  unsubscribePolicy,
];
