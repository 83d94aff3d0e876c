import { defineTable, KEY } from '../../core/personal-data/map';

/** Messages to the customer (§8.11, Art 12(4)) and Art 19 notices to recipients. */
export const NOTIFICATIONS_DATA_MAP = [
  defineTable(
    'customer_notice',
    'notifications',
    {
      subject: 'CUSTOMER',
      category: 'REQUEST_RECORD',
      restriction: 'NOT_RESTRICTED',
      purposes: ['DATA_SUBJECT_RIGHTS', 'CUSTOMER_SERVICE'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'ACCOUNT_INACTIVITY',
      export: 'INCLUDED',
      erasure: 'DELETE',
    },
    {
      id: { ...KEY, erasure: 'DELETE', export: { excluded: 'Internal key' } },
      customer_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The subject itself' } },
      kind: { exportAs: 'messages.kind' },
      request_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The request is exported under requests' } },
      message: { category: 'FREE_TEXT', exportAs: 'messages.message' },
      created_at: { exportAs: 'messages.createdAt' },
    },
    { subjectColumn: 'customer_id' },
  ),
  // Art 19: a recipient is told of an erasure, correction or restriction; the notice must say whose
  // data it is so the recipient can act, so it is kept as proof that the recipients were told.
  defineTable(
    'partner_notice',
    'notifications',
    {
      subject: 'CUSTOMER',
      category: 'ACCOUNTABILITY',
      restriction: 'NOT_RESTRICTED',
      purposes: ['DATA_SUBJECT_RIGHTS', 'ACCOUNTABILITY'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'ACCOUNTABILITY',
      export: { excluded: 'Notices to recipients about your requests; the recipients themselves are exported' },
      erasure: 'KEEP_PROOF',
    },
    {
      id: KEY,
      partner_id: KEY,
      kind: {},
      customer_id: {},
      order_numbers: { category: 'BOOKKEEPING' },
      fields: {},
      created_at: KEY,
      acknowledged_at: KEY,
    },
    { subjectColumn: 'customer_id' },
  ),
];
