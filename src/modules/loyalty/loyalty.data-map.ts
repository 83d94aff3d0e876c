import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/** The loyalty-customer register (§2.2): processed while the membership is valid (§4.3). */
const MEMBERSHIP: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'LOYALTY',
  restriction: 'NOT_RESTRICTED',
  purposes: ['LOYALTY_PROGRAMME', 'CUSTOMER_RELATIONSHIP', 'MARKETING'],
  legalBasis: 'CONTRACT',
  retention: 'LOYALTY_MEMBERSHIP',
  export: 'INCLUDED',
  erasure: 'DELETE',
};

export const LOYALTY_DATA_MAP = [
  defineTable(
    'loyalty_membership',
    'loyalty',
    MEMBERSHIP,
    {
      id: { ...KEY, erasure: 'DELETE', export: { excluded: 'Internal key' } },
      customer_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The subject itself' } },
      member_number: { exportAs: 'memberNumber', noticeCategory: 'LOYALTY_MEMBERSHIP' },
      joined_at: { exportAs: 'joinedAt', noticeCategory: 'LOYALTY_MEMBERSHIP' },
      valid_until: { exportAs: 'validUntil', noticeCategory: 'LOYALTY_MEMBERSHIP' },
      ended_at: { exportAs: 'endedAt', noticeCategory: 'LOYALTY_MEMBERSHIP' },
      points: { noticeCategory: 'LOYALTY_MEMBERSHIP' },
      tier: { noticeCategory: 'LOYALTY_MEMBERSHIP' },
      source: { category: 'TECHNICAL', note: '§6' },
      created_at: { ...KEY, erasure: 'DELETE', export: { excluded: 'Row bookkeeping; joinedAt is the date' } },
    },
    { subjectColumn: 'customer_id' },
  ),
];
