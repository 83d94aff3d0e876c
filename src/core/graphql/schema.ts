import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { deny, shield } from 'graphql-shield';
import { buildSchemaSync } from 'type-graphql';
import { mergePolicies } from '../auth/policy';
import { findCardNumber } from '../validation/card-numbers';
import type { RequestContext } from './context';
import { AppError } from './errors';
import { POLICIES, RESOLVERS } from './modules';

/** The schema as the code declares it, before permissions: what schema/schema.graphql records. */
export function buildBaseSchema(): GraphQLSchema {
  return buildSchemaSync({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
}

/** The committed contract: sorted SDL, so diffs show real changes only. */
export function printContract(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/**
 * §9.5: card numbers never reach the register. Every mutation's arguments are
 * searched before its resolver runs, so no free-text field can smuggle one in.
 */
const rejectCardNumbers: IMiddlewareTypeMap<unknown, RequestContext> = {
  Mutation: async (resolve, parent, args, ctx, info) => {
    const path = findCardNumber(args, '');
    if (path) {
      throw new AppError('BAD_USER_INPUT', 'This looks like a payment card number; card numbers are never stored (§9.5)', { field: path });
    }
    return resolve(parent, args, ctx, info);
  },
};

/**
 * The served schema: deny by default. Every field must be named by a domain
 * policy or it answers FORBIDDEN; our own errors pass through unchanged.
 */
export function buildSchema(): GraphQLSchema {
  const permissions = shield(mergePolicies(POLICIES), {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => new AppError('FORBIDDEN', 'Your role does not allow this'),
  });
  return applyMiddleware(buildBaseSchema(), permissions, rejectCardNumbers);
}
