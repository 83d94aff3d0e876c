import { defineTable, KEY } from '../../core/personal-data/map';

/** Staff accounts (§9.3): employees’ data, not the customer registers (§2). */
export const STAFF_DATA_MAP = [
  defineTable(
    'staff_user',
    'staff',
    {
      subject: 'STAFF',
      category: 'IDENTITY',
      restriction: 'NOT_RESTRICTED',
      purposes: ['SECURITY', 'ACCOUNTABILITY'],
      legalBasis: 'CONTRACT',
      retention: 'STAFF_OR_PARTNER',
      export: { excluded: 'An employee’s data, not a customer’s' },
      erasure: 'KEEP',
    },
    {
      id: KEY,
      email: { category: 'CONTACT' },
      display_name: {},
      password_hash: { category: 'CREDENTIALS' },
      roles: { category: 'TECHNICAL' },
      active: { category: 'TECHNICAL' },
      created_at: KEY,
      last_login_at: KEY,
    },
  ),
];
