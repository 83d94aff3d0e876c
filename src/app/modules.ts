import type { PolicyMap } from '../core/auth/policy';
import type { EntityClass } from '@mikro-orm/core';
import { nonEmpty, type Contributions, type ModuleManifest, type ResolverClass } from '../core/module';
import type { PersonalDataHandler } from '../core/personal-data/registry';
import { auditModule } from '../modules/audit/audit.module';
import { consentsModule } from '../modules/consents/consents.module';
import { customersModule } from '../modules/customers/customers.module';
import { dataExportModule } from '../modules/data-export/data-export.module';
import { erasureModule } from '../modules/erasure/erasure.module';
import { identityModule } from '../modules/identity/identity.module';
import { legalHoldsModule } from '../modules/legal-holds/legal-holds.module';
import { loyaltyModule } from '../modules/loyalty/loyalty.module';
import { notificationsModule } from '../modules/notifications/notifications.module';
import { ordersModule } from '../modules/orders/orders.module';
import { partnersModule } from '../modules/partners/partners.module';
import { privacyNoticeModule } from '../modules/privacy-notice/privacy-notice.module';
import { privacyRequestsModule } from '../modules/privacy-requests/privacy-requests.module';
import { processingRecordModule } from '../modules/processing-record/processing-record.module';
import { rectificationModule } from '../modules/rectification/rectification.module';
import { restrictionsModule } from '../modules/restrictions/restrictions.module';
import { retentionModule } from '../modules/retention/retention.module';
import { staffModule } from '../modules/staff/staff.module';
import { unsubscribeModule } from '../modules/unsubscribe/unsubscribe.module';
import { outboxModule } from '../modules/outbox/outbox.module';
import { identityChecksModule } from '../modules/identity-checks/identity-checks.module';
import { webhooksModule } from '../modules/webhooks/webhooks.module';

/*
 * The composition layer: the one place that knows every module. Everything
 * that spans modules (schema, ORM entities, the personal-data engines) is
 * built from these manifests; core/ knows only their shape.
 */

/** Every module, one manifest each. */
export const MODULES: readonly ModuleManifest[] = [
  customersModule,
  loyaltyModule,
  ordersModule,
  consentsModule,
  privacyNoticeModule,
  identityModule,
  staffModule,
  partnersModule,
  auditModule,
  privacyRequestsModule,
  erasureModule,
  legalHoldsModule,
  notificationsModule,
  dataExportModule,
  rectificationModule,
  restrictionsModule,
  unsubscribeModule,
  retentionModule,
  outboxModule,
  identityChecksModule,
  processingRecordModule,
  webhooksModule,
];

/** Every domain's resolvers. A resolver without a policy is unreachable. */
export const RESOLVERS = nonEmpty<ResolverClass>(
  MODULES.flatMap((m) => m.resolvers ?? []),
  'resolvers',
);

export const POLICIES: readonly PolicyMap[] = MODULES.flatMap((m) => (m.policy ? [m.policy] : []));

/** Every entity, as class references (globs do not survive bundling or jest). */
export const ENTITIES: EntityClass<object>[] = MODULES.flatMap((m) => m.entities ?? []);

/**
 * Erasure order of the personal-data handlers: what refers to the customer
 * goes first, the customer row itself last.
 */
const ERASURE_ORDER: readonly ModuleManifest[] = [
  ordersModule,
  partnersModule,
  consentsModule,
  loyaltyModule,
  identityModule,
  privacyRequestsModule,
  restrictionsModule,
  rectificationModule,
  legalHoldsModule,
  notificationsModule,
  outboxModule,
  auditModule,
  customersModule,
];

for (const m of MODULES) {
  // A handler left out of the order would be left out of every export and erasure.
  if (m.personalData && !ERASURE_ORDER.includes(m)) throw new Error(`Module ${m.name} contributes a personal-data handler but is not in the erasure order`);
}

export const PERSONAL_DATA_HANDLERS: readonly PersonalDataHandler[] = ERASURE_ORDER.map((m) => {
  if (!m.personalData) throw new Error(`Module ${m.name} is in the erasure order but contributes no personal-data handler`);
  return m.personalData;
});

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
  PartnerWebhook: 'Partner endpoints and their signing secrets (§7.4).',
  WebhookDelivery: 'Events pushed to partners, by notice or assignment id: no personal data.',
  LoginFailure: 'Keyed hashes of e-mail and address for throttling only; not linkable to a customer, gone within a day.',
  AddressThrottleEvent: 'Keyed hashes of client addresses for the sign-up throttle; not linkable to a customer, gone within a day.',
};

/** Rows of personal data the schema hands out, and how the read guard treats them (§8.11, §9.2). */
export const READ_VIEWS = MODULES.flatMap((m) => m.readViews ?? []);

/** What the engines loop over. */
export const CONTRIBUTIONS: Contributions = {
  personalData: PERSONAL_DATA_HANDLERS,
  dataMap: MODULES.flatMap((m) => m.dataMap ?? []),
  // A legal hold's reason is given first (§8.9), then open orders.
  erasureBlockers: [legalHoldsModule, ordersModule, ...MODULES.filter((m) => m !== legalHoldsModule && m !== ordersModule)].flatMap((m) => m.erasureBlockers ?? []),
  retentionRules: MODULES.flatMap((m) => m.retentionRules ?? []),
  // The §4.2 report names an active membership before an open request.
  inactivityKeepers: [loyaltyModule, privacyRequestsModule, ...MODULES.filter((m) => m !== loyaltyModule && m !== privacyRequestsModule)].flatMap((m) => m.inactivityKeepers ?? []),
};
