import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/*
 * Marketing permissions and prohibitions (§4.1) and cookie choices (§10), as
 * their history. On erasure the grants go; a withdrawal stays as proof (Art
 * 7(1), §8.10) without customer, cookie id or actor, under a keyed hash of the
 * e-mail.
 */
const CONSENT: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'MARKETING_CHOICES',
  restriction: 'NOT_RESTRICTED',
  purposes: ['MARKETING', 'ANALYTICS'],
  legalBasis: 'CONSENT',
  retention: 'CONSENT_PROOF',
  export: 'INCLUDED',
  erasure: 'KEEP_PROOF',
  note: 'Grants are deleted on erasure; withdrawals are kept as proof',
};

export const CONSENTS_DATA_MAP = [
  defineTable(
    'consent_event',
    'consents',
    CONSENT,
    {
      id: { ...KEY, export: { excluded: 'Internal key' } },
      customer_id: { ...KEY, erasure: 'ANONYMISE', export: { excluded: 'The subject itself' } },
      visitor_id: {
        category: 'TECHNICAL',
        erasure: 'ANONYMISE',
        exportAs: 'fromCookieBanner',
        note: 'The cookie id; exported as whether the choice came from the banner',
        noticeCategory: 'COOKIES',
      },
      purpose: { noticeCategory: 'MARKETING_PERMISSIONS' },
      granted: { noticeCategory: 'MARKETING_PERMISSIONS' },
      occurred_at: { exportAs: 'occurredAt' },
      source: { category: 'TECHNICAL', note: '§6' },
      actor_kind: { category: 'ACCOUNTABILITY', exportAs: 'actorKind' },
      actor_id: { category: 'ACCOUNTABILITY', erasure: 'ANONYMISE', export: { excluded: 'Id of the employee who recorded the choice' } },
      reason: { category: 'CONSENT_PROOF', note: 'Why the choice is as stored, e.g. refused under Sec-GPC: 1' },
      notice_version: { exportAs: 'noticeVersion' },
      subject_hash: { category: 'CONSENT_PROOF', export: { excluded: 'Set only after erasure: a keyed hash of the e-mail' } },
    },
    { subjectColumn: 'customer_id' },
  ),
];
