import { isObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { AccessCompiler, type CoordinateIndex } from '../auth/access';
import { mergePolicies } from '../auth/policy';
import { PARTNER_SCOPES, STAFF_ROLES, type Principal } from '../auth/principal';
import { compileViews, type PersonalDataView } from '../personal-data/read-guard';
import { findCardNumber } from '../validation/card-numbers';
import { readsAreAudited } from '../../modules/audit/audit.collector';
import { consentEntryReadView, consentStateReadView } from '../../modules/consents/consents.read-views';
import { addressReadView, customerReadView } from '../../modules/customers/customers.read-views';
import { loyaltyReadView } from '../../modules/loyalty/loyalty.read-views';
import { deliveryOrderReadView, orderReadView } from '../../modules/orders/orders.read-views';
import { restrictionApplies } from '../../modules/restrictions/restrictions.read-policy';
import { AppError } from './errors';
import { guardSchema } from './guard';
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
 * Only the Mutation root fields carry arguments that are stored.
 */
function rejectCardNumbers(args: Record<string, unknown>): void {
  const path = findCardNumber(args, '');
  if (path) throw new AppError('BAD_USER_INPUT', 'This looks like a payment card number; card numbers are never stored (§9.5)', { field: path });
}

/** Rows of personal data and how the read guard treats them (restriction §8.11, audit §9.2). */
const READ_VIEWS: readonly PersonalDataView<never>[] = [
  customerReadView,
  addressReadView,
  loyaltyReadView,
  orderReadView,
  consentStateReadView,
  consentEntryReadView,
  deliveryOrderReadView,
] as unknown as PersonalDataView<never>[];

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
export function buildSchema(): GraphQLSchema {
  const schema = buildBaseSchema();
  const compiler = AccessCompiler.forPolicies(mergePolicies(POLICIES), coordinateIndex(schema));
  for (const principal of SAMPLE_PRINCIPALS) compiler.verify(principal);
  return guardSchema(schema, {
    compiler,
    views: compileViews(READ_VIEWS),
    restrictionApplies,
    readsAreAudited,
    mutationCheck: rejectCardNumbers,
  });
}
