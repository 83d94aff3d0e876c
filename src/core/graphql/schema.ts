import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { deny, shield } from 'graphql-shield';
import { buildSchemaSync, type NonEmptyArray } from 'type-graphql';
import { mergePolicies, type PolicyMap } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { refusalError } from '../auth/rules';
import type { RequestContext } from './context';
import type { ResolverClass } from '../module';
import { guardArguments } from './input-guard';

/**
 * What the modules bring to the schema, assembled by the composition layer
 * (src/app/schema.ts): core/ imports no module.
 */
export interface SchemaComposition {
  resolvers: NonEmptyArray<ResolverClass>;
  policies: readonly PolicyMap[];
  /** §8.11 restriction middleware (restrictions module). */
  enforceRestrictions: IMiddlewareTypeMap;
  /** Whose reads are audited (§9.2, audit module). */
  readsAreAudited(principal: Principal): boolean;
}

/** The schema as the code declares it, before permissions: what schema/schema.graphql records. */
export function buildBaseSchema(resolvers: NonEmptyArray<ResolverClass>): GraphQLSchema {
  return buildSchemaSync({ resolvers, validate: false, emitSchemaFile: false });
}

/** The committed contract: sorted SDL, so diffs show real changes only. */
export function printContract(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** Types that hold a customer's personal data, and how to find whose it is. */
const PERSONAL_DATA_TYPES: Record<string, (parent: Record<string, unknown>) => unknown> = {
  Customer: (parent) => parent.id,
  Address: (parent) => parent.customerId,
  LoyaltyMembership: (parent) => parent.customerId,
  Order: (parent) => parent.customerId,
  ConsentState: (parent) => parent.customerId,
  ConsentEntry: (parent) => parent.customerId,
  DeliveryOrder: (parent) => parent.customerId,
};

/**
 * §9.2 accountability: every field of personal data that staff or a partner
 * actually received (the permission check passed and the resolver answered)
 * is noted per customer; the request writes the notes once when it ends.
 */
const auditReads = (readsAreAudited: SchemaComposition['readsAreAudited']): IMiddlewareTypeMap<Record<string, unknown>, RequestContext> => Object.fromEntries(
  Object.entries(PERSONAL_DATA_TYPES).map(([typeName, customerIdOf]) => [
    typeName,
    // Not async: most fields resolve synchronously, and wrapping each in a promise is measurable
    // on a 5,000-field admin list. A read is noted once its value is there (the resolver succeeded).
    (resolve, parent, args, ctx, info) => {
      const value = resolve(parent, args, ctx, info);
      if (!readsAreAudited(ctx.principal)) return value;
      const customerId = customerIdOf(parent);
      if (typeof customerId !== 'string') return value;
      const coordinate = `${typeName}.${info.fieldName}`;
      if (value instanceof Promise) {
        return value.then((resolved: unknown) => {
          ctx.audit.recordRead(customerId, coordinate);
          return resolved;
        });
      }
      ctx.audit.recordRead(customerId, coordinate);
      return value;
    },
  ]),
);

/**
 * The served schema: deny by default. Every field must be named by a domain
 * policy or it answers FORBIDDEN; our own errors pass through unchanged.
 */
export function buildSchema(composition: SchemaComposition): GraphQLSchema {
  const permissions = shield(mergePolicies(composition.policies), {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (_error, _parent, _args, ctx) => refusalError((ctx as unknown as RequestContext).principal),
  });
  return applyMiddleware(
    buildBaseSchema(composition.resolvers),
    permissions,
    guardArguments,
    composition.enforceRestrictions,
    auditReads(composition.readsAreAudited),
  );
}
