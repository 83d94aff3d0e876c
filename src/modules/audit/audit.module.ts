import type { ModuleManifest } from '../../core/module';
import { AUDIT_DATA_MAP } from './audit.data-map';
import { AuditEntry } from './audit-entry.entity';
import { AuditResolver, CustomerRecipientsResolver } from './audit.resolver';
import { auditPolicy } from './audit.policy';
import { auditPersonalData } from './audit.personal-data';

/** The audit module: what it brings to the application (assembled in src/app/modules.ts). */
export const auditModule: ModuleManifest = {
  name: 'audit',
  entities: [AuditEntry],
  resolvers: [AuditResolver, CustomerRecipientsResolver],
  policy: auditPolicy,
  personalData: auditPersonalData,
  dataMap: AUDIT_DATA_MAP,
};
