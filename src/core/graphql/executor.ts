import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  GraphQLEnumType,
  getNamedType,
  getOperationAST,
  isInputObjectType,
  printSchema,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  locatedError,
  type GraphQLError,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { RequestContext } from './context';
import { compilationVariant, withoutResolvers } from './guard';

/*
 * Compiled execution for queries (issue 9). A CPU profile of the admin list
 * after the per-field wrappers were gone showed graphql-js's generic executor
 * (executeFields, completeValue, getArgumentValues: one arguments object per
 * field, one path object per value) as the largest share left after garbage
 * collection. graphql-jit compiles a validated document once into a function
 * that walks the result shape directly; in process the admin page took 71 ms
 * instead of 94 ms with byte-identical output.
 *
 * Only queries take the compiled path. Mutations keep graphql-js: they run
 * their root fields one after another and are dominated by their writes.
 * Variables are coerced by graphql-js first, so a bad variable answers with
 * graphql-js's own error (Apollo maps it to BAD_USER_INPUT) whichever path the
 * operation takes. graphql-jit does not fill in the default values of input
 * object fields given through variables (graphql-js does), so an operation
 * whose variables reach such a field runs on graphql-js. The served schema's guard (guard.ts) is in the resolvers,
 * so permissions, restriction and the read audit run the same on both paths.
 *
 * Apollo Server 5 has no executor option; its gateway interface is the
 * supported way to hand it one (the schema never changes, so load() answers
 * once and onSchemaLoadOrUpdate reports it once).
 */

export interface CompiledExecutorOptions {
  /** How many compiled documents to keep (bounded: a client sending new documents cannot grow memory). */
  maxDocuments?: number;
  /**
   * How String, Int, Float, Boolean, ID and enum values are written. 'trusted' (production) hands them
   * out as the resolvers return them; 'checked' (development, tests) passes each through a check that it
   * already is what its type writes, and fails the whole request when one is not: the suite then proves
   * that 'trusted' answers exactly what serializing would (see leafOptions). Default 'checked'.
   */
  leaves?: 'trusted' | 'checked';
}

/** How a checked leaf's error starts (graphql-jit keeps only a serializer error's message). */
const UNSERIALIZED_LEAF = 'unserialized leaf: ';

/**
 * Issue 9: graphql-jit serializes a leaf through a call that takes its locations and response
 * path as fresh arrays, for every value (≈ 12,800 on the admin list: 8.3 → 6.4 MB allocated a
 * page, API CPU 16.6–17.0 → 13.5–14.0 ms in alternated bench:peer runs). Serializing a value that
 * already has its type's JSON form is the identity, so production skips it (disableLeafSerialization)
 * where that holds: specified scalars whose resolvers return their JS type (checked in development
 * and tests) and enums whose values are their names. A document that selects an enum with other
 * internal values (NoticeLanguage: FI = 'fi') is serialized as before. Custom scalars (DateTimeISO,
 * JSONObject) are always serialized.
 */
function leafOptions(schema: GraphQLSchema, mode: 'trusted' | 'checked') {
  const enums = Object.values(schema.getTypeMap()).filter((type): type is GraphQLEnumType => type instanceof GraphQLEnumType && !type.name.startsWith('__'));
  const renamed = new Set(enums.filter((type) => type.getValues().some((value) => value.value !== value.name)).map((type) => type.name));
  const wrong = (type: string, value: unknown): never => {
    // The JS type only: the value may be personal data.
    throw new Error(`${UNSERIALIZED_LEAF}${type} resolved to a ${value === null ? 'null' : typeof value} that serializing would convert; 'trusted' leaves would answer it as is`);
  };
  const checks: Record<string, (value: unknown) => unknown> = {
    String: (value) => (typeof value === 'string' ? value : wrong('String', value)),
    ID: (value) => (typeof value === 'string' ? value : wrong('ID', value)),
    Int: (value) => (Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31 ? value : wrong('Int', value)),
    Float: (value) => (typeof value === 'number' && Number.isFinite(value) ? value : wrong('Float', value)),
    Boolean: (value) => (typeof value === 'boolean' ? value : wrong('Boolean', value)),
  };
  for (const type of enums) {
    if (renamed.has(type.name)) continue;
    const names = new Set(type.getValues().map((value) => value.name));
    checks[type.name] = (value) => (typeof value === 'string' && names.has(value) ? value : wrong(type.name, value));
  }
  /** Whether the document selects a field of an enum whose internal values are not its names. */
  const selectsRenamedEnum = (document: DocumentNode): boolean => {
    let found = false;
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const type = typeInfo.getType();
          if (type && renamed.has(getNamedType(type).name)) found = true;
        },
      }),
    );
    return found;
  };
  return (document: DocumentNode) => {
    if (selectsRenamedEnum(document)) return {};
    return mode === 'trusted' ? { disableLeafSerialization: true } : { customSerializers: checks };
  };
}

/** An executor that runs query operations compiled by graphql-jit and everything else with graphql-js. */
export function compiledExecutor(schema: GraphQLSchema, options: CompiledExecutorOptions = {}): GatewayExecutor {
  // Keyed by the document object as well as its hash: Apollo parses a document once and keeps the AST in its
  // document store, so the same object comes back for the same text.
  const compiled = new LRUCache<string, { document: DocumentNode; query: CompiledQuery | null }>({ max: options.maxDocuments ?? 500 });
  const leaves = leafOptions(schema, options.leaves ?? 'checked');

  return async (requestContext): Promise<ExecutionResult> => {
    const { document, context } = requestContext;
    // The client's operation name: Apollo's requestContext.operationName is the resolved one (null when the
    // client named an operation the document lacks, which must answer graphql-js's error, not run another).
    const operationName = requestContext.request.operationName ?? null;
    const variables = requestContext.request.variables ?? {};
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation !== 'query') {
      return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
    }
    // Variables first, as graphql-js does: bad ones answer graphql-js's own errors before anything runs.
    if (operation.variableDefinitions && operation.variableDefinitions.length > 0) {
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 50 });
      if (coerced.errors) return { errors: coerced.errors };
    }
    // One compilation per document and role set: the fields this role set is always allowed to read
    // as plain properties are compiled without their guard (guard.ts compilationVariant).
    const variant = compilationVariant(schema, (context as RequestContext).principal);
    const key = `${variant?.key ?? ''}\u0000${requestContext.queryHash}\u0000${operationName ?? ''}`;
    let entry = compiled.get(key);
    if (!entry || entry.document !== document) {
      const compile = () => compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true, ...leaves(document) });
      const result = variablesNeedDefaults(schema, operation) ? null : variant ? withoutResolvers(variant.fields, compile) : compile();
      // A document graphql-jit cannot compile is still a valid one: graphql-js runs it.
      entry = { document, query: result && isCompiledQuery(result) ? result : null };
      compiled.set(key, entry);
    }
    if (!entry.query) return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
    const result = await entry.query.query(undefined, context, variables);
    // A checked leaf that failed is a bug in a resolver, not an answer: the whole request fails loudly.
    const unserialized = result.errors?.find((error) => error.message.startsWith(UNSERIALIZED_LEAF));
    if (unserialized) throw new Error(`compiled execution at ${(unserialized.path ?? []).join('.')}: ${unserialized.message}`);
    return withGraphqlJsErrors(result);
  };
}

/**
 * graphql-jit's errors leave `extensions` undefined when the original error has none (a database
 * exception, say); Apollo reads `extensions.code` from every error and, failing, answers a bare
 * internal error without the field's path. graphql-js always gives an object: so do these.
 */
function withGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors || result.errors.length === 0) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions !== undefined) return error;
    const converted = locatedError(error.originalError ?? new Error(error.message), undefined, error.path);
    (converted as { locations?: GraphQLError['locations'] }).locations = error.locations;
    return converted;
  });
  return { ...result, errors: inListOrder(errors) };
}

/**
 * Errors of the items of one list in item order. graphql-jit records an error when its
 * promise settles, so items that fail concurrently would otherwise come in any order;
 * errors at different fields keep the order they came in.
 */
function inListOrder(errors: readonly GraphQLError[]): GraphQLError[] {
  const groups = new Map<string, GraphQLError[]>();
  for (const error of errors) {
    const shape = (error.path ?? []).map((key) => (typeof key === 'number' ? '#' : key)).join('.');
    const group = groups.get(shape);
    if (group) group.push(error);
    else groups.set(shape, [error]);
  }
  const byIndexes = (a: GraphQLError, b: GraphQLError): number => {
    const pa = a.path ?? [];
    const pb = b.path ?? [];
    for (let i = 0; i < pa.length; i++) {
      if (typeof pa[i] === 'number' && pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
    }
    return 0;
  };
  return [...groups.values()].flatMap((group) => group.sort(byIndexes));
}

/** Whether a variable of the operation is (or holds) an input object with a field default. */
function variablesNeedDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const seen = new Set<GraphQLInputObjectType>();
  const hasDefaults = (type: GraphQLInputObjectType): boolean => {
    if (seen.has(type)) return false;
    seen.add(type);
    return Object.values(type.getFields()).some((field) => {
      if (field.defaultValue !== undefined) return true;
      const named = getNamedType(field.type);
      return isInputObjectType(named) && hasDefaults(named);
    });
  };
  return (operation.variableDefinitions ?? []).some((definition) => {
    const type = typeFromAST(schema, definition.type);
    const named = type && getNamedType(type);
    return named !== undefined && isInputObjectType(named) && hasDefaults(named);
  });
}

/** Apollo's gateway interface around a fixed schema and an executor. */
export function fixedSchemaGateway(schema: GraphQLSchema, executor: GatewayExecutor): GatewayInterface {
  return {
    async load() {
      return { schema, executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}
