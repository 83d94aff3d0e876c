import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/** Processors (§7): company data and credentials, not a customer's. */
const PARTNER: ColumnDefaults = {
  subject: 'PARTNER',
  category: 'IDENTITY',
  restriction: 'NOT_RESTRICTED',
  purposes: ['ORDERS', 'SECURITY'],
  legalBasis: 'CONTRACT',
  retention: 'STAFF_OR_PARTNER',
  export: { excluded: 'A partner’s data, not the customer’s' },
  erasure: 'KEEP',
};

export const PARTNERS_DATA_MAP = [
  defineTable('partner', 'partners', PARTNER, {
    id: KEY,
    name: {},
    kind: { category: 'TECHNICAL' },
    country_code: { category: 'TECHNICAL', note: 'Checked against the EU/EEA (§7.6)' },
    contract_reference: { category: 'TECHNICAL' },
    active: { category: 'TECHNICAL' },
    created_at: KEY,
  }),
  defineTable(
    'partner_token',
    'partners',
    { ...PARTNER, category: 'CREDENTIALS' },
    {
      id: KEY,
      partner_id: KEY,
      token_hash: {},
      display_prefix: {},
      scopes: { category: 'TECHNICAL' },
      expires_at: KEY,
      revoked_at: KEY,
      created_by: { category: 'ACCOUNTABILITY' },
      created_at: KEY,
      last_used_at: KEY,
    },
  ),
  // Which partner an order was handed to (§7.4): a disclosure of the customer's data, kept with the order.
  defineTable(
    'delivery_assignment',
    'partners',
    {
      ...PARTNER,
      subject: 'CUSTOMER',
      category: 'ACCOUNTABILITY',
      purposes: ['ORDERS', 'ACCOUNTABILITY'],
      retention: 'BOOKKEEPING',
      export: { excluded: 'Internal keys' },
      guest: true,
    },
    {
      id: KEY,
      order_id: KEY,
      partner_id: { ...KEY, export: 'INCLUDED', exportAs: 'deliveredBy', note: 'Exported as the partner’s name' },
      assigned_at: KEY,
      assigned_by: { note: 'Id of the employee who handed the order over' },
    },
  ),
];
