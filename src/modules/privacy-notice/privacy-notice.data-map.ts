import { defineTable, KEY } from '../../core/personal-data/map';

/** The published statement itself: nobody's personal data. */
export const PRIVACY_NOTICE_DATA_MAP = [
  defineTable(
    'privacy_notice',
    'privacy-notice',
    {
      subject: 'NONE',
      category: 'TECHNICAL',
      restriction: 'NOT_RESTRICTED',
      purposes: ['DATA_SUBJECT_RIGHTS'],
      legalBasis: 'LEGAL_OBLIGATION',
      retention: 'NOT_PERSONAL',
      export: { excluded: 'The statement itself, published to everyone' },
      erasure: 'KEEP',
    },
    { version: KEY, published_on: KEY, content_fi: {}, content_en: {} },
  ),
];
