import { defineTable, KEY } from '../../core/personal-data/map';

/** Which profile field was corrected, when and by whom (§8.2); no values. Deleted with the account. */
export const RECTIFICATION_DATA_MAP = [
  defineTable(
    'rectification',
    'rectification',
    {
      subject: 'CUSTOMER',
      category: 'REQUEST_RECORD',
      restriction: 'NOT_RESTRICTED',
      purposes: ['DATA_SUBJECT_RIGHTS'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'ACCOUNT_INACTIVITY',
      export: 'INCLUDED',
      erasure: 'DELETE',
    },
    {
      id: { ...KEY, erasure: 'DELETE', export: { excluded: 'Internal key' } },
      customer_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The subject itself' } },
      field: { exportAs: 'corrections.field' },
      changed_at: { exportAs: 'corrections.changedAt' },
      actor_kind: { exportAs: 'corrections.by' },
      actor_id: { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee who corrected it' } },
      request_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The request is exported under requests' } },
    },
    { subjectColumn: 'customer_id' },
  ),
];
