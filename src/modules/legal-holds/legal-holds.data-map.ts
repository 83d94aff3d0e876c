import { defineTable, KEY } from '../../core/personal-data/map';

/** Legal holds (§8.9): while one is in force, erasure is refused with its reason. */
export const LEGAL_HOLDS_DATA_MAP = [
  defineTable(
    'legal_hold',
    'legal-holds',
    {
      subject: 'CUSTOMER',
      category: 'REQUEST_RECORD',
      restriction: 'NOT_RESTRICTED',
      purposes: ['DATA_SUBJECT_RIGHTS', 'BOOKKEEPING'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'ACCOUNT_INACTIVITY',
      export: 'INCLUDED',
      erasure: 'DELETE',
    },
    {
      id: { ...KEY, erasure: 'DELETE', export: { excluded: 'Internal key' } },
      customer_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The subject itself' } },
      reason: { category: 'FREE_TEXT', exportAs: 'legalHolds.reason' },
      placed_at: { exportAs: 'legalHolds.placedAt' },
      placed_by: { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee who placed it' } },
      released_at: { exportAs: 'legalHolds.releasedAt' },
      released_by: { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee who released it' } },
      release_reason: { category: 'FREE_TEXT', exportAs: 'legalHolds.releaseReason' },
    },
    { subjectColumn: 'customer_id' },
  ),
];
