import type { EntityClass } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { PolicyMap } from './auth/policy';
import type { TableMap } from './personal-data/map';
import type { PersonalDataView } from './personal-data/read-guard';
import type { ErasureBlocker, PersonalDataHandler } from './personal-data/registry';
import type { InactivityKeeper, RetentionRuleContribution } from './retention/rules';

/*
 * One manifest per module (src/modules/<domain>/<domain>.module.ts): what the
 * module brings to the application. The composition layer (src/app/) reads
 * every manifest; core/ knows only these shapes, never a module.
 */

/** A GraphQL resolver class as type-graphql takes it. */
// biome-ignore lint/complexity/noBannedTypes: type-graphql's own resolver type is NonEmptyArray<Function>
export type ResolverClass = Function;

export interface ModuleManifest {
  /** The module's folder name, e.g. "orders": the owner named by its tables' map. */
  name: string;
  /** The MikroORM entities (tables) the module owns. Only the module's own files query them. */
  entities?: readonly EntityClass<object>[];
  resolvers?: readonly ResolverClass[];
  /** Who may see and do what, for the module's types and fields (deny by default). */
  policy?: PolicyMap;
  /** How export and erasure reach the module's personal data (§8.1, §8.7). */
  personalData?: PersonalDataHandler;
  /** Every table the module owns, column by column (src/core/personal-data/map.ts). */
  dataMap?: readonly TableMap[];
  /** Rules on the module's data that block an erasure (§8.7, §8.9). */
  erasureBlockers?: readonly ErasureBlocker[];
  /** The module's retention clocks (§4.2, §4.3, §8.6, §8.9), run by the retention engine. */
  retentionRules?: readonly RetentionRuleContribution[];
  /** Reasons for the §4.2 inactivity pass to keep an unused customer, from the module's data. */
  inactivityKeepers?: readonly InactivityKeeper[];
  /** The GraphQL types that hand out rows of the module's personal data, for the read guard (§8.11, §9.2). */
  readViews?: readonly PersonalDataView<never>[];
}

/** What the engines loop over, gathered from every manifest by the composition layer. */
export interface Contributions {
  /** In erasure order: what refers to the customer first, the customer row last. */
  personalData: readonly PersonalDataHandler[];
  dataMap: readonly TableMap[];
  /** In the order their refusals are given: legal holds first. */
  erasureBlockers: readonly ErasureBlocker[];
  /** Every module's retention rules; those with the same code run as one pass, in this order. */
  retentionRules: readonly RetentionRuleContribution[];
  inactivityKeepers: readonly InactivityKeeper[];
}

/** type-graphql wants a non-empty list. */
export function nonEmpty<T>(items: readonly T[], what: string): NonEmptyArray<T> {
  if (items.length === 0) throw new Error(`No ${what} contributed by any module`);
  return items as unknown as NonEmptyArray<T>;
}
