import { auditPersonalData } from '../../modules/audit/audit.personal-data';
import { consentsPersonalData } from '../../modules/consents/consents.personal-data';
import { customersPersonalData } from '../../modules/customers/customers.personal-data';
import { identityPersonalData } from '../../modules/identity/identity.personal-data';
import { loyaltyPersonalData } from '../../modules/loyalty/loyalty.personal-data';
import { ordersPersonalData } from '../../modules/orders/orders.personal-data';
import { privacyRequestsPersonalData } from '../../modules/privacy-requests/privacy-requests.personal-data';
import { outboxPersonalData } from '../../modules/outbox/outbox.personal-data';
import type { PersonalDataHandler } from './registry';

/**
 * Every handler, in erasure order: what refers to the customer goes first,
 * the customer row itself last.
 */
export const PERSONAL_DATA_HANDLERS: readonly PersonalDataHandler[] = [
  ordersPersonalData,
  consentsPersonalData,
  loyaltyPersonalData,
  identityPersonalData,
  privacyRequestsPersonalData,
  outboxPersonalData,
  auditPersonalData,
  customersPersonalData,
];

/**
 * Entities that hold no customer's personal data, and why. Together with the
 * handlers' lists this must name every entity: a test fails otherwise.
 */
export const NO_CUSTOMER_PERSONAL_DATA: Readonly<Record<string, string>> = {
  PrivacyNotice: 'The published statement itself.',
  StaffUser: 'Staff accounts: employees’ data, not the customer registers (§2).',
  Partner: 'Company data of processors (§7).',
  PartnerToken: 'Credentials of partner services.',
  RetentionRun: 'Reports of retention passes: counts and rules.',
  RetentionRunItem: 'Ids of the subjects a retention pass handled, with the action and reason: no personal data.',
  IdentityCheck: 'Hashes of single-use links and when they were used, by request id: no personal data.',
  LoginFailure: 'Keyed hashes of e-mail and address for throttling only; not linkable to a customer, gone within a day.',
};
