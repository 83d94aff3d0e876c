import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/*
 * The e-mail outbox (issue 11): the address and the template's values only
 * until the message is sent, given up or cancelled; then they are cleared.
 * The rest (kind, ids, times, Message-ID) is the proof that the person was
 * told what the law says they must be told (Art 5(2), Art 12, Art 18(3)).
 */
const MESSAGE: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'TECHNICAL',
  restriction: 'NOT_RESTRICTED',
  purposes: ['DATA_SUBJECT_RIGHTS', 'CUSTOMER_SERVICE'],
  legalBasis: 'LEGAL_OBLIGATION',
  retention: 'ACCOUNTABILITY',
  export: 'INCLUDED',
  erasure: 'KEEP',
};

export const OUTBOX_DATA_MAP = [
  defineTable(
    'email_outbox',
    'outbox',
    MESSAGE,
    {
      id: { ...KEY, export: { excluded: 'Internal key' } },
      kind: { category: 'REQUEST_RECORD' },
      customer_id: { ...KEY, export: { excluded: 'The subject itself' } },
      request_id: { ...KEY, exportAs: 'requestId' },
      // A copy of the address (the erasure receipt, a guest's request); GUEST when no account. Not
      // withheld under a restriction: the messages the law owes the person (Art 12, Art 18(3)) still go.
      to_address: {
        category: 'CONTACT',
        guest: true,
        retention: 'UNTIL_SENT',
        erasure: 'ANONYMISE',
        export: { excluded: 'Held only until the message is sent; it is your own address' },
        note: 'Cleared when the message is sent, given up or cancelled',
      },
      language: { category: 'TECHNICAL', retention: 'UNTIL_SENT', export: { excluded: 'Cleared with the address' } },
      params: {
        category: 'FREE_TEXT',
        guest: true,
        retention: 'UNTIL_SENT',
        erasure: 'SCRUB',
        note: 'Cleared entirely (not only scrubbed) on erasure and once the message is sent',
        export: { excluded: 'The message text (dates, reasons, a link) until it is sent; then cleared' },
      },
      status: { category: 'TECHNICAL' },
      attempts: { category: 'TECHNICAL', export: { excluded: 'Delivery bookkeeping' } },
      next_attempt_at: { ...KEY, export: { excluded: 'Delivery bookkeeping' } },
      lease_until: { ...KEY, export: { excluded: 'Delivery bookkeeping' } },
      last_error: { category: 'TECHNICAL', export: { excluded: 'A delivery error code only (never the server text)' } },
      message_id: { ...KEY, export: { excluded: 'RFC 5322 Message-ID' } },
      dedupe_key: { ...KEY, export: { excluded: 'One message per key' } },
      created_at: { ...KEY, exportAs: 'queuedAt' },
      sent_at: { ...KEY, exportAs: 'sentAt' },
    },
    { subjectColumn: 'customer_id' },
  ),
];
