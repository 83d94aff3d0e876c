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
      customer_ids: {
        export: { excluded: 'The subject with the other customers read in the same request; another customer’s id is never exported' },
        note: 'Several customers read with the same fields in one request share one entry (issue 9)',
      },
      subject_request_id: {
        ...KEY,
        subject: 'GUEST',
        export: { excluded: 'A guest’s entries are keyed by the request they answered; the guest’s export is that answer' },
        note: 'Guest entries (no account) name the privacy request instead of the e-mail address (issue 8 §4)',
      },
      action: {},
      fields: {},
      purpose: {},
      operation: { export: { excluded: 'Name of the API operation' } },
      chain_seq: { ...KEY, export: { excluded: 'Position in the tamper-evident chain' } },
      prev_hash: { ...KEY, export: { excluded: 'Hash link of the tamper-evident chain' } },
      row_hash: { ...KEY, export: { excluded: 'Hash link of the tamper-evident chain' } },
    },
    { subjectColumn: 'customer_id' },
  ),
];
