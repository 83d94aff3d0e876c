import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, type NonEmptyArray } from 'type-graphql';
import { AccessCompiler, type CoordinateIndex } from '../auth/access';
import { mergePolicies, type PolicyMap } from '../auth/policy';
import { PARTNER_SCOPES, STAFF_ROLES, type Principal } from '../auth/principal';
import type { ResolverClass } from '../module';
import { compileViews, type PersonalDataView } from '../personal-data/read-guard';
import { guardSchema } from './guard';
import { checkRootArguments } from './input-guard';

/**
 * What the modules bring to the schema, assembled by the composition layer
 * (src/app/schema.ts): core/ imports no module.
 */
export interface SchemaComposition {
  resolvers: NonEmptyArray<ResolverClass>;
  policies: readonly PolicyMap[];
  /** Rows of personal data and how the read guard treats them (restriction §8.11, audit §9.2). */
  readViews: readonly PersonalDataView<never>[];
  /** False for the exceptions the restrictions policy names (Art 18(2)). */
  restrictionApplies(principal: Principal): boolean;
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

function coordinateIndex(schema: GraphQLSchema): CoordinateIndex {
  const coordinates: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.keys(type.getFields())) coordinates.push(`${type.name}.${field}`);
  }
  return { coordinates, idOf: new Map(coordinates.map((coordinate, id) => [coordinate, id])) };
}

/** One principal of every kind, role and scope: compiling for each proves every policy rule readable at start-up. */
const SAMPLE_PRINCIPALS: readonly Principal[] = [
  { kind: 'ANONYMOUS' },
  { kind: 'CUSTOMER', customerId: '00000000-0000-4000-8000-000000000000', sessionId: null },
  ...STAFF_ROLES.map((role): Principal => ({ kind: 'STAFF', staffId: 'start-up', roles: [role] })),
  { kind: 'PARTNER', partnerId: 'start-up', partnerKind: 'LOGISTICS', tokenId: 'start-up', scopes: PARTNER_SCOPES },
];

/**
 * The served schema: deny by default. Every field must be named by a domain
 * policy or it answers FORBIDDEN; the policies are compiled per role set
 * (core/auth/access.ts) and enforced by one synchronous check per field
 * (guard.ts); rows of personal data pass the read guard once each.
 */
export function buildSchema(composition: SchemaComposition): GraphQLSchema {
  const schema = buildBaseSchema(composition.resolvers);
  const compiler = AccessCompiler.forPolicies(mergePolicies(composition.policies), coordinateIndex(schema));
  for (const principal of SAMPLE_PRINCIPALS) compiler.verify(principal);
  return guardSchema(schema, {
    compiler,
    views: compileViews(composition.readViews),
    restrictionApplies: composition.restrictionApplies,
    readsAreAudited: composition.readsAreAudited,
    rootCheck: checkRootArguments,
  });
}
