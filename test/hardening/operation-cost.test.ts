import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_REQUEST_LIMITS } from '../../src/config/config';
import { operationCost } from '../../src/core/graphql/limits';
import { buildBaseSchema } from '../../src/app/schema';
import { MAX_PAGE_SIZE } from '../../src/core/graphql/pagination';

/*
 * Issue 10, operation limits: the default budgets are sized so that every
 * operation the real clients send (test/operations) passes at the largest
 * page size, for the kind of caller that sends it.
 */
const schema = buildBaseSchema();
const ROOT = path.join(__dirname, '..', 'operations');
const KIND_OF_CLIENT = { admin: 'STAFF', storefront: 'CUSTOMER', logistics: 'PARTNER', accounting: 'PARTNER' } as const;
/** Storefront operations a visitor sends before signing in. */
const ANONYMOUS_OPERATIONS = new Set(['Register', 'RegisterCustomer', 'Login', 'PrivacyNotice', 'RecordCookieChoices', 'Viewer', 'LoginAsVisitor']);

const cases: [string, string, OperationDefinitionNode, ReturnType<typeof parse>][] = [];
for (const client of readdirSync(ROOT)) {
  for (const file of readdirSync(path.join(ROOT, client)).filter((f) => f.endsWith('.graphql'))) {
    const document = parse(readFileSync(path.join(ROOT, client, file), 'utf8'));
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) cases.push([client, definition.name?.value ?? '?', definition, document]);
    }
  }
}

it.each(cases)('%s %s fits the budget of its kind of caller', (client, name, operation, document) => {
  // Every Int variable at the largest page size: the most a real client can ask for.
  const variables: Record<string, unknown> = {};
  for (const variable of operation.variableDefinitions ?? []) variables[variable.variable.name.value] = MAX_PAGE_SIZE;
  const cost = operationCost(schema, document, operation, variables, DEFAULT_REQUEST_LIMITS);
  const kind = client === 'storefront' && ANONYMOUS_OPERATIONS.has(name) ? 'ANONYMOUS' : KIND_OF_CLIENT[client as keyof typeof KIND_OF_CLIENT];
  expect({ name, cost, within: cost <= DEFAULT_REQUEST_LIMITS.costBudgets[kind] }).toEqual({ name, cost, within: true });
});

it('a flood of aliased pages costs far more than any budget', () => {
  const document = parse(`{ ${Array.from({ length: 15 }, (_, i) => `a${i}: customers(first: 200) { nodes { id orders { lines { productCode } } } }`).join(' ')} }`);
  const operation = document.definitions[0] as OperationDefinitionNode;
  expect(operationCost(schema, document, operation, {}, DEFAULT_REQUEST_LIMITS)).toBeGreaterThan(DEFAULT_REQUEST_LIMITS.costBudgets.STAFF);
});
