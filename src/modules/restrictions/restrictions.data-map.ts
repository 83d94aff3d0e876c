import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/** Restrictions (§8.11) and objections and marketing bans (§8.3, §8.4): deleted with the account. */
const RIGHTS: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'REQUEST_RECORD',
  restriction: 'NOT_RESTRICTED',
  purposes: ['DATA_SUBJECT_RIGHTS'],
  legalBasis: 'LEGAL_OBLIGATION',
  retention: 'ACCOUNT_INACTIVITY',
  export: 'INCLUDED',
  erasure: 'DELETE',
};
const INTERNAL = (why: string) => ({ ...KEY, erasure: 'DELETE' as const, export: { excluded: why } });
const FREE_TEXT = { category: 'FREE_TEXT', erasure: 'DELETE' } as const;

export const RESTRICTIONS_DATA_MAP = [
  defineTable(
    'restriction',
    'restrictions',
    RIGHTS,
    {
      id: INTERNAL('Internal key'),
      customer_id: INTERNAL('The subject itself'),
      fields: { exportAs: 'restrictions.fields' },
      reason: { ...FREE_TEXT, exportAs: 'restrictions.reason' },
      request_id: INTERNAL('The request is exported under requests'),
      placed_at: { exportAs: 'restrictions.placedAt' },
      placed_by: { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee or account that placed it' } },
      lifted_at: { exportAs: 'restrictions.liftedAt' },
      lifted_by: { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee who lifted it' } },
      lift_reason: { ...FREE_TEXT, exportAs: 'restrictions.liftReason' },
      lift_requested_at: { exportAs: 'restrictions.liftRequestedAt' },
      lift_requested_by: { category: 'ACCOUNTABILITY', export: { excluded: 'Id of the employee who asked for the lift' } },
      lift_notice_id: INTERNAL('The notice e-mail; messages are exported under the outbox'),
    },
    { subjectColumn: 'customer_id' },
  ),
  defineTable(
    'objection',
    'restrictions',
    RIGHTS,
    {
      id: INTERNAL('Internal key'),
      customer_id: INTERNAL('The subject itself'),
      kind: { exportAs: 'objections.kind', noticeCategory: 'MARKETING_PERMISSIONS' },
      reason: { ...FREE_TEXT, exportAs: 'objections.reason' },
      request_id: INTERNAL('The request is exported under requests'),
      placed_at: { exportAs: 'objections.placedAt' },
      lifted_at: { exportAs: 'objections.liftedAt' },
    },
    { subjectColumn: 'customer_id' },
  ),
];
