import { defineTable, KEY } from '../../core/personal-data/map';

/** §8.5 identity checks by link: a hash of a single-use token and when it was used, by request id. */
export const IDENTITY_CHECKS_DATA_MAP = [
  defineTable(
    'identity_check',
    'identity-checks',
    {
      subject: 'CUSTOMER',
      category: 'ACCOUNTABILITY',
      restriction: 'NOT_RESTRICTED',
      purposes: ['DATA_SUBJECT_RIGHTS', 'SECURITY'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'ACCOUNTABILITY',
      export: { excluded: 'How the request was verified is in the request record' },
      erasure: 'KEEP',
    },
    {
      id: KEY,
      request_id: KEY,
      token_hash: { category: 'CREDENTIALS', note: 'SHA-256 of a single-use link; worthless once used or expired' },
      created_at: KEY,
      expires_at: KEY,
      used_at: KEY,
    },
  ),
];
