import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/*
 * The record of data-subject requests (§8, Art 12): kept after erasure as
 * proof that each request was handled (Art 5(2)). What staff typed into it
 * (notes, the identity check, reasons, stored answers) is scrubbed of the
 * person's identifiers on erasure.
 */
const REQUEST: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'REQUEST_RECORD',
  restriction: 'NOT_RESTRICTED',
  purposes: ['DATA_SUBJECT_RIGHTS', 'ACCOUNTABILITY'],
  legalBasis: 'LEGAL_OBLIGATION',
  retention: 'ACCOUNTABILITY',
  export: 'INCLUDED',
  erasure: 'KEEP_PROOF',
};

const STAFF_ID = { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee who handled the request' } } as const;
const FREE_TEXT = { category: 'FREE_TEXT', erasure: 'SCRUB' } as const;

export const PRIVACY_REQUESTS_DATA_MAP = [
  defineTable(
    'privacy_request',
    'privacy-requests',
    REQUEST,
    {
      id: { ...KEY, exportAs: 'requests.id' },
      customer_id: { ...KEY, export: { excluded: 'The subject itself' } },
      subject_email: {
        subject: 'GUEST',
        category: 'CONTACT',
        identifier: 'EMAIL',
        erasure: 'SCRUB',
        export: { excluded: 'The guest subject itself: the address the export is about' },
      },
      type: { exportAs: 'requests.type' },
      status: { exportAs: 'requests.status' },
      channel: { exportAs: 'requests.channel' },
      received_at: { exportAs: 'requests.receivedAt' },
      due_at: { exportAs: 'requests.dueAt' },
      extended_due_at: { exportAs: 'requests.extendedDueAt' },
      extension_reason: { ...FREE_TEXT, exportAs: 'requests.extensionReason' },
      recorded_by: STAFF_ID,
      verified_at: { exportAs: 'requests.verifiedAt' },
      verified_by: STAFF_ID,
      verification_method: { ...FREE_TEXT, exportAs: 'requests.verificationMethod' },
      resolved_at: { exportAs: 'requests.resolvedAt' },
      resolved_by: STAFF_ID,
      refusal_reason: { ...FREE_TEXT, exportAs: 'requests.refusalReason' },
      // A code from a fixed list (PrivacyRequestRefusalCode), never free text: kept as proof like the status.
      refusal_code: { exportAs: 'requests.refusalCode' },
      note: { ...FREE_TEXT, exportAs: 'requests.note' },
      result: { ...FREE_TEXT, export: { excluded: 'The answer already given to the request (an export, or an erasure outcome)' } },
      deadline_alerted_at: { ...KEY, export: { excluded: 'Internal reminder that the deadline is near' } },
    },
    { subjectColumn: 'customer_id' },
  ),
];
