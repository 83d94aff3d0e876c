import { defineTable, KEY } from '../../core/personal-data/map';

/** Who read or changed whose data (§9.2): ids only, append-only in the database, kept for accountability. */
export const AUDIT_DATA_MAP = [
  defineTable(
    'audit_entry',
    'audit',
    {
      subject: 'CUSTOMER',
      category: 'ACCOUNTABILITY',
      restriction: 'NOT_RESTRICTED',
      purposes: ['ACCOUNTABILITY', 'SECURITY'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'ACCOUNTABILITY',
      export: 'INCLUDED',
      erasure: 'KEEP_PROOF',
    },
    {
      id: { ...KEY, export: { excluded: 'Internal key' } },
      occurred_at: { exportAs: 'at' },
      request_id: { ...KEY, export: { excluded: 'Id of the API request (for tracing)' } },
      principal_kind: { exportAs: 'by' },
      principal_id: { export: { excluded: 'Id of the employee or partner; partners are exported by name as recipients' } },
      customer_id: { export: { excluded: 'The subject itself' } },
      action: {},
      fields: {},
      purpose: {},
      operation: { export: { excluded: 'Name of the API operation' } },
    },
    { subjectColumn: 'customer_id' },
  ),
];
