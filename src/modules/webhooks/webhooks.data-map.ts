import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/** Partner endpoints and pushed events (§7.4, Art 19): company data and ids, no customer's personal data. */
const PARTNER_DATA: ColumnDefaults = {
  subject: 'PARTNER',
  category: 'TECHNICAL',
  restriction: 'NOT_RESTRICTED',
  purposes: ['ACCOUNTABILITY'],
  legalBasis: 'LEGAL_OBLIGATION',
  retention: 'STAFF_OR_PARTNER',
  export: { excluded: 'Partner data, not a customer’s' },
  erasure: 'KEEP',
};

export const WEBHOOKS_DATA_MAP = [
  defineTable('partner_webhook', 'webhooks', PARTNER_DATA, {
    partner_id: KEY,
    url: {},
    secret: { category: 'CREDENTIALS', note: 'Sealed with AES-256-GCM under WEBHOOK_SECRET_KEY (webhook-secret.ts); never stored in clear' },
    created_at: KEY,
  }),
  defineTable('webhook_delivery', 'webhooks', PARTNER_DATA, {
    id: KEY,
    partner_id: KEY,
    event_type: {},
    ref_id: { ...KEY, note: 'The partner notice or delivery assignment; the body is built from it at send time' },
    status: {},
    attempts: {},
    next_attempt_at: KEY,
    lease_until: KEY,
    last_error: { note: 'HTTP status or network error code' },
    last_attempt_at: KEY,
    delivered_at: KEY,
    acknowledged_at: KEY,
    created_at: KEY,
  }),
];
