import { createHash } from 'node:crypto';
import { execute, GraphQLEnumType, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { compiledExecutor } from '../../src/core/graphql/executor';

/*
 * Issue 9: production hands String/Int/Float/Boolean/ID and enum values out as resolvers return
 * them ('trusted' leaves); development and the test suite check every such value instead
 * ('checked'), so that the whole suite, run through the API, proves the shortcut answers what
 * serializing would. These tests hold both modes to graphql-js on a small schema of their own.
 */

const Language = new GraphQLEnumType({ name: 'Language', values: { FI: { value: 'fi' }, EN: { value: 'en' } } });
const Status = new GraphQLEnumType({ name: 'Status', values: { OPEN: {}, CLOSED: {} } });
const Item = new GraphQLObjectType({
  name: 'Item',
  fields: { name: { type: GraphQLString }, count: { type: GraphQLInt }, status: { type: Status } },
});

let items: Record<string, unknown>[] = [];
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: { type: new GraphQLList(Item), resolve: () => items },
      language: { type: Language, resolve: () => 'fi' },
    },
  }),
});

async function run(executor: GatewayExecutor, query: string): Promise<ExecutionResult> {
  const requestContext = {
    document: parse(query),
    request: { query, variables: {} },
    queryHash: createHash('sha256').update(query).digest('hex'),
    context: { principal: { kind: 'ANONYMOUS' } },
  };
  return (await executor(requestContext as unknown as Parameters<GatewayExecutor>[0])) as ExecutionResult;
}

const reference = async (query: string) => JSON.parse(JSON.stringify(await execute({ schema, document: parse(query) })));
const ITEMS = '{ items { name count status } }';

beforeEach(() => {
  items = [
    { name: 'Äijälä-Østergård', count: 3, status: 'OPEN' },
    { name: null, count: null, status: null },
    { name: 'O’Brien', count: -2147483648, status: 'CLOSED' },
  ];
});

it.each(['trusted', 'checked'] as const)('%s leaves answer exactly what graphql-js serializes, nulls included', async (leaves) => {
  const executor = compiledExecutor(schema, { leaves });
  expect(JSON.parse(JSON.stringify(await run(executor, ITEMS)))).toEqual(await reference(ITEMS));
});

it.each(['trusted', 'checked'] as const)('%s leaves: an enum whose internal values are not its names is still written by name', async (leaves) => {
  const executor = compiledExecutor(schema, { leaves });
  const query = '{ language items { status } }';
  const answer = await run(executor, query);
  expect(answer.data).toEqual({ language: 'FI', items: [{ status: 'OPEN' }, { status: null }, { status: 'CLOSED' }] });
  expect(JSON.parse(JSON.stringify(answer))).toEqual(await reference(query));
});

it('checked leaves fail the whole request when a resolver returns what serializing would convert, naming the path but not the value', async () => {
  const executor = compiledExecutor(schema, { leaves: 'checked' });
  items = [{ name: 'Kaisa', count: '40123', status: 'OPEN' }];
  await expect(run(executor, ITEMS)).rejects.toThrow(/^compiled execution at items\.0\.count: unserialized leaf: Int resolved to a string/);
  items = [{ name: 4_012_345, count: 1, status: 'OPEN' }];
  const failure = run(executor, ITEMS);
  await expect(failure).rejects.toThrow(/items\.0\.name: unserialized leaf: String resolved to a number/);
  await expect(failure).rejects.not.toThrow(/4012345/);
  items = [{ name: 'Kaisa', count: 1, status: 'open' }];
  await expect(run(executor, ITEMS)).rejects.toThrow(/items\.0\.status: unserialized leaf: Status resolved to a string/);
});

it('trusted leaves hand such a value out as the resolver returned it: why the checked mode guards every test run', async () => {
  const executor = compiledExecutor(schema, { leaves: 'trusted' });
  items = [{ name: 'Kaisa', count: '40123', status: 'OPEN' }];
  expect((await run(executor, ITEMS)).data).toEqual({ items: [{ name: 'Kaisa', count: '40123', status: 'OPEN' }] });
  // graphql-js would have written 40123
  expect((await reference(ITEMS)).data).toEqual({ items: [{ name: 'Kaisa', count: 40123, status: 'OPEN' }] });
});
