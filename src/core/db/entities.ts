import { Address } from '../../modules/customers/address.entity';
import { Customer } from '../../modules/customers/customer.entity';
import { ConsentEvent } from '../../modules/consents/consent-event.entity';
import { LoyaltyMembership } from '../../modules/loyalty/loyalty-membership.entity';
import { CustomerOrder } from '../../modules/orders/order.entity';
import { OrderChange } from '../../modules/orders/order-change.entity';
import { OrderLine } from '../../modules/orders/order-line.entity';
import { OrderParty } from '../../modules/orders/order-party.embeddable';
import { PrivacyNotice } from '../../modules/privacy-notice/privacy-notice.entity';
import { AuditEntry } from '../../modules/audit/audit-entry.entity';
import { CustomerCredential } from '../../modules/identity/customer-credential.entity';
import { LoginFailure } from '../../modules/identity/login-failure.entity';
import { Session } from '../../modules/identity/session.entity';
import { DeliveryAssignment } from '../../modules/partners/delivery-assignment.entity';
import { PartnerToken } from '../../modules/partners/partner-token.entity';
import { Partner } from '../../modules/partners/partner.entity';
import { StaffUser } from '../../modules/staff/staff-user.entity';
import { LegalHold } from '../../modules/legal-holds/legal-hold.entity';
import { CustomerNotice } from '../../modules/notifications/customer-notice.entity';
import { PartnerNotice } from '../../modules/notifications/partner-notice.entity';
import { PrivacyRequest } from '../../modules/privacy-requests/privacy-request.entity';
import { Rectification } from '../../modules/rectification/rectification.entity';
import { Objection } from '../../modules/restrictions/objection.entity';
import { Restriction } from '../../modules/restrictions/restriction.entity';
import { IdentityCheck } from '../../modules/identity-checks/identity-check.entity';
import { EmailMessage } from '../../modules/outbox/email-message.entity';
import { RetentionRun, RetentionRunItem } from '../../modules/retention/retention-run.entity';

/** Every entity, as class references (globs do not survive bundling or jest). */
export const ENTITIES = [
  Customer,
  Address,
  LoyaltyMembership,
  CustomerOrder,
  OrderLine,
  OrderParty,
  OrderChange,
  ConsentEvent,
  PrivacyNotice,
  StaffUser,
  CustomerCredential,
  Session,
  LoginFailure,
  Partner,
  PartnerToken,
  DeliveryAssignment,
  AuditEntry,
  PrivacyRequest,
  Restriction,
  Objection,
  LegalHold,
  Rectification,
  PartnerNotice,
  CustomerNotice,
  RetentionRun,
  RetentionRunItem,
  EmailMessage,
  IdentityCheck,
];
