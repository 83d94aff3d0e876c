import { defineTable, KEY } from '../../core/personal-data/map';

const REPORT = {
  subject: 'NONE',
  category: 'TECHNICAL',
  restriction: 'NOT_RESTRICTED',
  purposes: ['ACCOUNTABILITY'],
  legalBasis: 'LEGAL_OBLIGATION',
  retention: 'ACCOUNTABILITY',
  export: { excluded: 'Reports of retention passes' },
  erasure: 'KEEP',
} as const;

/** Reports of the retention passes (§4.2, §8.9): counts, rules, and the subjects handled by id with a reason code. */
export const RETENTION_DATA_MAP = [
  defineTable('retention_run', 'retention', REPORT, {
    id: KEY,
    rule: {},
    dry_run: {},
    as_of: KEY,
    started_at: KEY,
    finished_at: KEY,
    status: {},
    examined: {},
    acted: {},
    kept: {},
    error: { note: 'The error class and message of a failed pass, never a subject’s data' },
  }),
  defineTable(
    'retention_run_item',
    'retention',
    { ...REPORT, subject: 'CUSTOMER', category: 'ACCOUNTABILITY' },
    {
      id: KEY,
      run_id: KEY,
      subject_id: { note: 'The customer id the pass handled; nothing else about them' },
      action: {},
      reason: { note: 'A reason code such as LEGAL_HOLD (§8.9)' },
    },
    { subjectColumn: 'subject_id' },
  ),
];
