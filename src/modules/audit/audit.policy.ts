import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { customer, self, staff } from '../../core/auth/rules';

/** The audit trail is the privacy officer's (§9.2); a customer sees who received their data (Art 15(1)(c)). */
export const auditPolicy: PolicyMap = {
  Query: {
    auditTrail: staff('PRIVACY_OFFICER'),
    verifyAuditTrail: staff('PRIVACY_OFFICER'),
    myDataRecipients: customer,
  },
  Customer: {
    dataRecipients: or(
      self<{ id: string }>('Customer', (c) => c.id),
      staff('PRIVACY_OFFICER'),
    ),
  },
  AuditEntry: staff('PRIVACY_OFFICER'),
  AuditEntryConnection: staff('PRIVACY_OFFICER'),
  AuditTrailVerification: staff('PRIVACY_OFFICER'),
  AuditEntryEdge: staff('PRIVACY_OFFICER'),
  DataRecipient: or(customer, staff('PRIVACY_OFFICER')),
};
