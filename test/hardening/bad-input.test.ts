import { randomUUID } from 'node:crypto';
import type { GraphQLField } from 'graphql';
import { PARTNER_SCOPES, STAFF_ROLES } from '../../src/core/auth/principal';
import { buildBaseSchema } from '../../src/app/schema';
import { RegisterCustomerDocument } from '../generated/graphql';
import { CUSTOMER_PASSWORD, uniqueEmail } from '../identity/identity-scenarios';
import { startTestApi, type TestApi } from '../support/api';
import { customerPrincipal } from '../support/scenarios';
import { documentFor, rememberEnums, sampleArguments, setAt, stringPaths } from './schema-inputs';

/*
 * Issue 10, bad input is BAD_USER_INPUT: ids are checked before SQL, NUL and
 * control characters are refused in every argument of every operation, names
 * hold letters and marks of any script but no formatting tricks, and country
 * and currency codes come from the ISO lists. Nothing is written.
 */
let api: TestApi;
const schema = buildBaseSchema();
rememberEnums(schema);
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

const everyRole = () => api.as({ kind: 'STAFF', staffId: randomUUID(), roles: STAFF_ROLES });
const aCustomer = () => api.as(customerPrincipal(randomUUID()));
const aPartner = () => api.as({ kind: 'PARTNER', partnerId: randomUUID(), partnerKind: 'LOGISTICS', tokenId: randomUUID(), scopes: PARTNER_SCOPES });
const refused = (result: { errors?: { extensions?: { code?: string } }[] }) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(result.errors?.[0]?.extensions?.code));

async function send(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>) {
  const query = documentFor(operation, field);
  let result = await everyRole().raw(query, variables);
  if (refused(result)) result = await aCustomer().raw(query, variables);
  if (refused(result)) result = await aPartner().raw(query, variables);
  return result;
}

type Slot = [string, 'query' | 'mutation', GraphQLField<unknown, unknown>, string, (string | number)[]];
const slots: Slot[] = [];
const idSlots: [string, 'query' | 'mutation', GraphQLField<unknown, unknown>, string][] = [];
for (const [operation, type] of [
  ['query', schema.getQueryType()!],
  ['mutation', schema.getMutationType()!],
] as const) {
  for (const field of Object.values(type.getFields())) {
    for (const arg of field.args) {
      for (const path of stringPaths(arg.type)) slots.push([`${field.name}(${[arg.name, ...path].join('.')})`, operation, field, arg.name, path]);
      if (arg.type.toString().replace(/!/g, '') === 'ID') idSlots.push([`${field.name}(${arg.name})`, operation, field, arg.name]);
    }
  }
}

describe('NUL and control characters are refused in every string argument of every operation', () => {
  it.each(slots)('%s', async (_name, operation, field, argName, path) => {
    for (const bad of ['Testi\u0000', 'Te\u0007sti', '\u001b[31mTesti', 'Testi\u202e', 'Testi\ud800', 'Testi\u0085']) {
      const variables = sampleArguments(field.args);
      setAt(variables, [argName, ...path], bad);
      const result = await send(operation, field, variables);
      expect({ bad, error: result.errors?.[0]?.extensions }).toEqual({ bad, error: expect.objectContaining({ code: 'BAD_USER_INPUT', field: [argName, ...path].join('.') }) });
    }
  });
});

describe('ids are validated before SQL', () => {
  it.each(idSlots)('%s', async (_name, operation, field, argName) => {
    for (const bad of ["' or 1=1 --", 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', '']) {
      const variables = sampleArguments(field.args);
      variables[argName] = bad;
      const result = await send(operation, field, variables);
      expect({ bad, error: result.errors?.[0]?.extensions }).toEqual({ bad, error: expect.objectContaining({ code: 'BAD_USER_INPUT', field: argName }) });
    }
  });

  it('legalHolds(customerId: "\' or 1=1 --") answers BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const result = await api.as({ kind: 'STAFF', staffId: randomUUID(), roles: ['PRIVACY_OFFICER'] }).raw(`{ legalHolds(customerId: "' or 1=1 --") { id } }`);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('privacyNotice(version) with a NUL byte answers BAD_USER_INPUT', async () => {
    const result = await api.anonymous.raw('query($v: String) { privacyNotice(language: EN, version: $v) { version } }', { v: '2024-01\u0000' });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('names (§4.1 identification data)', () => {
  const register = (overrides: Record<string, unknown>) =>
    api.anonymous.request(RegisterCustomerDocument, {
      input: {
        firstName: 'Aino',
        lastName: 'Äijälä',
        email: uniqueEmail('names'),
        password: CUSTOMER_PASSWORD,
        consents: [],
        ...overrides,
      },
    });

  it.each([
    ['Finnish', 'Eeva-Liisa', 'Äijälä'],
    ['Swedish', 'Åsa', 'Åström'],
    ['Sámi', 'Áŋŋá', 'Ánde-Niillas'],
    ['Northern Sámi with combining marks', 'A\u0301ŋŋa\u0301', 'Sámmol'],
    ['an apostrophe', 'Seán', "O'Connor"],
    ['a typographic apostrophe and initials', 'J. R.', 'D’Artagnan'],
    ['Greek and Cyrillic', 'Ελένη', 'Иванова'],
  ])('%s names pass: %s %s', async (_what, firstName, lastName) => {
    const result = await register({ firstName, lastName });
    expect(result.errors).toBeUndefined();
  });

  it.each([
    ['a right-to-left override', 'Aino\u202eanelaM'],
    ['a zero-width space', 'Ai\u200bno'],
    ['a zero-width joiner', 'Ai\u200dno'],
    ['a byte-order mark', '\ufeffAino'],
    ['a lone surrogate', 'Aino\udc00'],
    ['a NUL byte', 'Aino\u0000'],
    ['a tab', 'Ai\tno'],
    ['a newline', 'Ai\nno'],
    ['markup', '<script>'],
    ['no letter at all', "'-."],
    ['a digit', 'Aino2'],
    ['a number', 'Aino 040 123 4567'],
    ['a full-width digit', 'Aino\uff12'],
    ['an Arabic-Indic digit', 'Aino\u0662'],
    ['a superscript digit', 'Aino\u00b2'],
  ])('a name with %s is BAD_USER_INPUT and nothing is stored', async (_what, firstName) => {
    const email = uniqueEmail('badname');
    const result = await register({ firstName, email });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await api.db.query('select 1 from customer where email = $1', [email])).toHaveLength(0);
  });

  it.each(['XX', 'EU', 'UK', 'ZZ', 'F1'])('country code %s is not an ISO 3166-1 code: BAD_USER_INPUT', async (countryCode) => {
    const result = await register({ address: { kind: 'HOME', line1: 'Isokatu 25', postalCode: '90100', city: 'Oulu', countryCode } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.address.countryCode' });
  });
});
