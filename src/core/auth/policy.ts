import type { IRules } from 'graphql-shield';

/** A rule as graphql-shield takes it (its own type names are not exported). */
type ShieldRule = Extract<IRules, { resolve: unknown }>;
type IRuleFieldMap = Record<string, ShieldRule>;

/** One domain's rules: type name → a rule for every field, or field name → rule ('*' for the rest). */
export type PolicyMap = Record<string, ShieldRule | IRuleFieldMap>;

/**
 * Merge the domain policies into one rule tree. Two domains naming the same
 * field is a programming error and fails at start-up, so no rule silently
 * overrides another.
 */
export function mergePolicies(policies: readonly PolicyMap[]): Record<string, IRuleFieldMap | ShieldRule> {
  const merged: Record<string, IRuleFieldMap | ShieldRule> = {};
  for (const policy of policies) {
    for (const [typeName, rules] of Object.entries(policy)) {
      const existing = merged[typeName];
      if (existing === undefined) {
        merged[typeName] = isFieldMap(rules) ? { ...rules } : rules;
        continue;
      }
      if (!isFieldMap(existing) || !isFieldMap(rules)) {
        throw new Error(`Policy conflict: type ${typeName} has a whole-type rule in one policy and more rules in another`);
      }
      for (const [field, fieldRule] of Object.entries(rules)) {
        if (field in existing) throw new Error(`Policy conflict: ${typeName}.${field} is named by two policies`);
        existing[field] = fieldRule;
      }
    }
  }
  return merged;
}

function isFieldMap(value: ShieldRule | IRuleFieldMap): value is IRuleFieldMap {
  return typeof (value as { resolve?: unknown }).resolve !== 'function';
}
