import { defineTable, KEY, type ColumnDefaults } from '../../core/personal-data/map';

/** The webshop user register (§2.1, §4.1): kept while the account is used, erased after §4.2's two years. */
const PROFILE: ColumnDefaults = {
  subject: 'CUSTOMER',
  restriction: 'NOT_RESTRICTED',
  purposes: ['CUSTOMER_RELATIONSHIP', 'ORDERS', 'CUSTOMER_SERVICE'],
  legalBasis: 'CONTRACT',
  retention: 'ACCOUNT_INACTIVITY',
  export: 'INCLUDED',
  erasure: 'DELETE',
};

export const CUSTOMERS_DATA_MAP = [
  defineTable(
    'customer',
    'customers',
    PROFILE,
    {
      id: { ...KEY, erasure: 'DELETE' },
      first_name: { category: 'IDENTITY', copyOf: ['firstName'], restriction: 'RESTRICTED', identifier: 'NAME', exportAs: 'firstName', noticeCategory: 'NAME' },
      last_name: { category: 'IDENTITY', copyOf: ['lastName'], restriction: 'RESTRICTED', identifier: 'NAME', exportAs: 'lastName', noticeCategory: 'NAME' },
      email: { category: 'CONTACT', copyOf: ['email'], restriction: 'RESTRICTED', identifier: 'EMAIL', noticeCategory: 'EMAIL' },
      phone: { category: 'CONTACT', copyOf: ['phone'], restriction: 'RESTRICTED', identifier: 'PHONE', noticeCategory: 'PHONE' },
      status: { category: 'TECHNICAL' },
      source: { category: 'TECHNICAL', note: 'Where the data came from (§6)' },
      created_at: { category: 'TECHNICAL', exportAs: 'createdAt' },
      updated_at: { category: 'TECHNICAL', export: { excluded: 'Time of the last change to the row; the data itself is exported' } },
      last_activity_at: { category: 'TECHNICAL', exportAs: 'lastActivityAt', note: 'Starts the §4.2 two-year clock' },
      language: { category: 'TECHNICAL', note: 'The language we write to you in (FI or EN)' },
    },
    { subjectColumn: 'id' },
  ),
  defineTable(
    'address',
    'customers',
    { ...PROFILE, category: 'ADDRESS', copyOf: ['addresses'], restriction: 'RESTRICTED' },
    {
      id: { ...KEY, erasure: 'DELETE', copyOf: undefined, export: { excluded: 'Internal key of the address' } },
      customer_id: { ...KEY, erasure: 'DELETE', copyOf: undefined, export: { excluded: 'The subject itself (the export is theirs)' } },
      kind: { category: 'ADDRESS', restriction: 'NOT_RESTRICTED', copyOf: undefined },
      line1: { identifier: 'ADDRESS_LINE', noticeCategory: 'ADDRESS' },
      line2: { identifier: 'ADDRESS_LINE', noticeCategory: 'ADDRESS' },
      postal_code: { exportAs: 'postalCode', noticeCategory: 'ADDRESS' },
      city: { noticeCategory: 'ADDRESS' },
      country_code: { exportAs: 'countryCode', noticeCategory: 'ADDRESS' },
      source: { category: 'TECHNICAL', copyOf: undefined, restriction: 'NOT_RESTRICTED', note: '§6' },
      created_at: { category: 'TECHNICAL', copyOf: undefined, restriction: 'NOT_RESTRICTED', exportAs: 'createdAt' },
    },
    { subjectColumn: 'customer_id' },
  ),
];
