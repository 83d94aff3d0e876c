import { randomInt, randomUUID } from 'node:crypto';
import type { GraphQLField } from 'graphql';
import { PARTNER_SCOPES, STAFF_ROLES, type Principal } from '../../src/core/auth/principal';
import { buildBaseSchema } from '../../src/app/schema';
import { startTestApi, type TestApi } from '../support/api';
import { documentFor, sampleArguments, setAt, stringPaths } from './schema-inputs';

/*
 * Issue 10: malformed requests of every kind answer coded errors, never
 * INTERNAL_SERVER_ERROR or HTTP 500. Bounded (a few thousand requests,
 * deterministic shapes with random values) so it runs in well under a minute.
 */
const REQUESTS = 2500;
const CONCURRENCY = 8;
const schema = buildBaseSchema();
const fields: ['query' | 'mutation', GraphQLField<unknown, unknown>][] = [
  ...Object.values(schema.getQueryType()!.getFields()).map((f) => ['query', f] as ['query', GraphQLField<unknown, unknown>]),
  ...Object.values(schema.getMutationType()!.getFields()).map((f) => ['mutation', f] as ['mutation', GraphQLField<unknown, unknown>]),
];
const NASTY: unknown[] = [
  '',
  ' ',
  '\u0000',
  "' or 1=1 --",
  '\ud800',
  '\u202e',
  'a'.repeat(6000),
  '😀'.repeat(50),
  '4111 1111 1111 1111',
  'FI21 1234 5600 0007 85',
  -1,
  0,
  2 ** 31,
  -(2 ** 31) - 1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  true,
  null,
  [],
  {},
  [null],
  { a: 1 },
  '2026-02-30',
  'NaN',
  '9999-12-31T23:59:59Z',
  randomUUID(),
  '00000000-0000-0000-0000-000000000000',
  'Äijälä',
  'x@y',
  '../../etc/passwd',
  '${7*7}',
  '<script>alert(1)</script>',
];
const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)];
const principals: Principal[] = [
  { kind: 'ANONYMOUS' },
  { kind: 'CUSTOMER', customerId: randomUUID(), sessionId: null },
  { kind: 'STAFF', staffId: randomUUID(), roles: STAFF_ROLES },
  { kind: 'PARTNER', partnerId: randomUUID(), partnerKind: 'LOGISTICS', tokenId: randomUUID(), scopes: PARTNER_SCOPES },
];

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 60_000);
afterAll(() => api.close());

function fuzzedRequest(): { body: string; principal: Principal } {
  const [operation, field] = pick(fields);
  const principal = pick(principals);
  const variables = sampleArguments(field.args);
  const roll = randomInt(10);
  if (roll < 5 && field.args.length > 0) {
    // A wrong value somewhere: a whole argument, or a string deep inside an input.
    const arg = pick(field.args);
    const paths = stringPaths(arg.type);
    if (paths.length > 0 && randomInt(2) === 0) setAt(variables, [arg.name, ...pick(paths)], pick(NASTY));
    else variables[arg.name] = pick(NASTY);
  }
  let query = documentFor(operation, field);
  if (roll === 6) query = query.slice(0, randomInt(query.length));
  if (roll === 7) query = query.replace(/\{/g, () => pick(['{', '{{', '(', '']));
  if (roll === 8)
    return {
      body: pick(['{', 'null', '[]', '{"query": 1}', '{"query": "{ viewer { kind } }", "variables": "x"}', JSON.stringify({ query, variables, operationName: 'Nope' })]),
      principal,
    };
  return { body: JSON.stringify({ query, variables }), principal };
}

it(`${REQUESTS} fuzzed requests: 0 INTERNAL_SERVER_ERROR, 0 HTTP 500`, async () => {
  const failures: { status: number; body: string; request: string }[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < REQUESTS) {
      sent++;
      const { body, principal } = fuzzedRequest();
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(principal) },
        body,
      });
      const text = await response.text();
      if (response.status >= 500 || text.includes('INTERNAL_SERVER_ERROR')) failures.push({ status: response.status, body: text.slice(0, 300), request: body.slice(0, 300) });
    }
  };
  for (const principal of principals) api.as(principal);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(failures.slice(0, 5)).toEqual([]);
}, 300_000);
