import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/** Sign-in (§9.3): the storefront password, sessions of customers and staff, throttling rows. */
const SIGN_IN: ColumnDefaults = {
  subject: 'CUSTOMER',
  category: 'CREDENTIALS',
  restriction: 'NOT_RESTRICTED',
  purposes: ['SECURITY'],
  legalBasis: 'CONTRACT',
  retention: 'SESSION',
  export: 'INCLUDED',
  erasure: 'DELETE',
};

export const IDENTITY_DATA_MAP = [
  defineTable(
    'customer_credential',
    'identity',
    { ...SIGN_IN, retention: 'ACCOUNT_INACTIVITY' },
    {
      customer_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The subject itself' } },
      password_hash: { export: { excluded: 'A one-way hash of the password: a secret that says nothing to the person; the export says whether one is set' } },
      updated_at: { ...KEY, erasure: 'DELETE', export: 'INCLUDED', exportAs: 'passwordChangedAt' },
    },
    { subjectColumn: 'customer_id' },
  ),
  defineTable(
    'session',
    'identity',
    SIGN_IN,
    {
      id: { ...KEY, erasure: 'DELETE', export: { excluded: 'Internal key' } },
      token_hash: { export: { excluded: 'Hash of the session token: a secret' } },
      subject: { category: 'TECHNICAL', export: { excluded: 'Always CUSTOMER in an export' } },
      customer_id: { ...KEY, erasure: 'DELETE', export: { excluded: 'The subject itself' } },
      staff_id: { ...KEY, subject: 'STAFF', erasure: 'DELETE', export: { excluded: 'Set on staff sessions only' } },
      created_at: { ...KEY, erasure: 'DELETE', export: 'INCLUDED', exportAs: 'sessions.createdAt' },
      expires_at: { ...KEY, erasure: 'DELETE', export: 'INCLUDED', exportAs: 'sessions.expiresAt' },
      revoked_at: { ...KEY, erasure: 'DELETE', export: 'INCLUDED', exportAs: 'sessions.revokedAt' },
      reauthenticated_at: { ...KEY, erasure: 'DELETE', export: 'INCLUDED', exportAs: 'sessions.reauthenticatedAt', note: 'Password entered again before export or erasure' },
    },
    { subjectColumn: 'customer_id' },
  ),
  // Keyed hashes of the e-mail and the client address: cannot be linked back to a person without
  // the key, and housekeeping deletes them within a day.
  defineTable(
    'login_failure',
    'identity',
    { ...SIGN_IN, category: 'TECHNICAL', export: { excluded: 'Keyed hashes that cannot be linked to you; deleted within a day' }, erasure: 'KEEP' },
    {
      id: KEY,
      account_key: {},
      address_key: {},
      at: KEY,
    },
  ),
  // Sign-ups per client address (issue 10): a keyed hash of the address only, deleted within a day.
  defineTable(
    'address_throttle_event',
    'identity',
    { ...SIGN_IN, category: 'TECHNICAL', export: { excluded: 'Keyed hashes that cannot be linked to you; deleted within a day' }, erasure: 'KEEP' },
    {
      id: KEY,
      bucket: {},
      address_key: {},
      at: KEY,
    },
  ),
];
