import type { GraphQLSchema } from 'graphql';
import { buildBaseSchema as buildCoreBaseSchema, buildSchema as buildCoreSchema } from '../core/graphql/schema';
import { readsAreAudited } from '../modules/audit/audit.collector';
import { restrictionApplies } from '../modules/restrictions/restrictions.read-policy';
import { POLICIES, READ_VIEWS, RESOLVERS } from './modules';

/** The schema as the code declares it, before permissions: what schema/schema.graphql records. */
export function buildBaseSchema(): GraphQLSchema {
  return buildCoreBaseSchema(RESOLVERS);
}

/** The served schema: every module's resolvers and policies, deny by default. */
export function buildSchema(): GraphQLSchema {
  return buildCoreSchema({ resolvers: RESOLVERS, policies: POLICIES, readViews: READ_VIEWS, restrictionApplies, readsAreAudited });
}
