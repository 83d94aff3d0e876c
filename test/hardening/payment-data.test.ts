import { randomUUID } from 'node:crypto';
import type { GraphQLField } from 'graphql';
import { STAFF_ROLES } from '../../src/core/auth/principal';
import { buildBaseSchema } from '../../src/app/schema';
import { containsCardNumber, containsIban, ibanValid, normaliseDigits, paymentDataIn } from '../../src/core/validation/card-numbers';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal } from '../support/scenarios';
import { documentFor, rememberEnums, sampleArguments, setAt, stringPaths } from './schema-inputs';

/*
 * §9.5 "bank and card numbers never reach the register", in every spelling
 * (issue 10): NFKC and every Unicode digit normalised, any separators, and
 * IBANs (ISO 13616 mod-97) refused the same way; request ids that look like
 * either are replaced before they reach a log or the audit trail.
 */

/** 4111 1111 1111 1111 (Visa test number) and 5555 5555 5555 4444 (Mastercard), written as people and scripts do. */
const CARD_SPELLINGS = [
  '4111111111111111',
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '4111.1111.1111.1111',
  '4111  1111  1111  1111',
  '4111\u00a01111\u00a01111\u00a01111',
  '4111\u202f1111\u202f1111\u202f1111',
  '4111/1111/1111/1111',
  '4111\t1111\t1111\t1111',
  '４１１１ １１１１ １１１１ １１１１',
  '٤١١١ ١١١١ ١١١١ ١١١١',
  'kortti: 5555 5555 5555 4444, voimassa 12/27',
  '5555_5555_5555_4444',
];
/** Finnish, German and British IBANs in compact, grouped, lower-case and dotted forms. */
const IBAN_SPELLINGS = [
  'FI2112345600000785',
  'FI21 1234 5600 0007 85',
  'tilinumero fi21 1234 5600 0007 85',
  'DE89 3704 0044 0532 0130 00',
  'GB82.WEST.1234.5698.7654.32',
  'FI21\u00a01234\u00a05600\u00a00007\u00a085',
  'ＦＩ２１ １２３４ ５６００ ０００７ ８５',
];

describe('detection', () => {
  it.each(CARD_SPELLINGS)('card number %j is found', (text) => expect(containsCardNumber(text)).toBe(true));
  it.each(IBAN_SPELLINGS)('IBAN %j is found', (text) => expect(containsIban(text)).toBe(true));
  it.each([
    'Isokatu 25 puh. 040 123 4567',
    'viite 1234 5678 9012 3456',
    '+358 50 12345671',
    'Tilaus 2026-11-25 klo 12.30, 3 kpl',
    'FI21 1234 5600 0007 86',
    'Äijälä Áŋŋá Åström',
    'order 7b0e4c9e-1111-4111-8111-111111111111',
    // A Finnish mobile number with the 00 prefix: 14 digits that pass Luhn; no card number starts with 0 (ISO/IEC 7812).
    'soitettu numeroon 00358401234564',
    'puh. 0035 8401 2345 64',
  ])('ordinary text %j is not taken for payment data', (text) => expect(paymentDataIn(text)).toBeNull());
  it('normalises full-width and Arabic-Indic digits', () => {
    expect(normaliseDigits('４１ ٤١')).toBe('41 41');
    expect(ibanValid('FI2112345600000785')).toBe(true);
  });
});

describe('every free-text argument of every mutation refuses card and bank account numbers (§9.5)', () => {
  let api: TestApi;
  const schema = buildBaseSchema();
  rememberEnums(schema);
  beforeAll(async () => {
    api = await startTestApi();
  }, 60_000);
  afterAll(() => api.close());

  const mutations = Object.values(schema.getMutationType()!.getFields());
  const slots: [string, GraphQLField<unknown, unknown>, string, (string | number)[]][] = [];
  for (const field of mutations) {
    for (const arg of field.args) {
      for (const path of stringPaths(arg.type)) slots.push([`${field.name}(${[arg.name, ...path].join('.')})`, field, arg.name, path]);
    }
  }

  it('finds the free-text slots (the walk itself works)', () => {
    expect(slots.length).toBeGreaterThan(30);
    expect(slots.map((s) => s[0])).toEqual(expect.arrayContaining(['objectToProcessing(reason)', 'registerCustomer(input.firstName)']));
  });

  it.each(slots)('%s', async (_name, field, argName, path) => {
    const everyRole = api.as({ kind: 'STAFF', staffId: randomUUID(), roles: STAFF_ROLES });
    const customer = api.as(customerPrincipal(randomUUID()));
    const query = documentFor('mutation', field);
    for (const spelling of [...CARD_SPELLINGS, ...IBAN_SPELLINGS]) {
      const variables = sampleArguments(field.args);
      setAt(variables, [argName, ...path], spelling);
      let result = await everyRole.raw(query, variables);
      if (['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(result.errors?.[0]?.extensions?.code))) result = await customer.raw(query, variables);
      expect({ spelling, error: result.errors?.[0]?.extensions }).toEqual({
        spelling,
        error: expect.objectContaining({ code: 'BAD_USER_INPUT', field: [argName, ...path].join('.') }),
      });
    }
  });

  it('afterwards no text column of any table holds a card or bank account number', async () => {
    const columns = await api.db.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' and data_type in ('text', 'character varying', 'ARRAY', 'jsonb')
         -- migration names are the code's own timestamps (Migration20261201213000 happens to pass Luhn), never input
         and table_name <> 'mikro_orm_migrations'`,
    );
    for (const { table_name, column_name } of columns) {
      const rows = await api.db.query<{ v: string | null }>(`select "${column_name}"::text as v from "${table_name}"`);
      const found = rows.filter((row) => row.v && !/^[0-9a-f-]{36}$/.test(row.v) && paymentDataIn(row.v));
      expect({ table_name, column_name, found }).toEqual({ table_name, column_name, found: [] });
    }
  });
});

describe('x-request-id (§9.5, §9.2)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  }, 60_000);
  afterAll(() => api.close());

  it.each(['4111.1111.1111.1111', '4111-1111-1111-1111', '4111111111111111', 'FI2112345600000785'])('a request id %j is replaced, never echoed', async (given) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': given },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    const echoed = response.headers.get('x-request-id')!;
    expect(echoed).not.toBe(given);
    expect(paymentDataIn(echoed)).toBeNull();
  });

  it('a plain request id is kept', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'admin-panel-0001' },
      body: JSON.stringify({ query: '{ viewer { kind } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('admin-panel-0001');
  });
});
