import { allow, and, deny, or } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import { LRUCache } from 'lru-cache';
import type { Principal } from './principal';
import type { PolicyMap } from './policy';

/*
 * Permissions compiled, not interpreted per field (Hasura's and PostGraphile's
 * way). The domain policies (<domain>.policy.ts) stay the one place that says
 * who may see what; they are written with the building blocks of rules.ts and
 * graphql-shield's `or`/`and`. Instead of shield's middleware, which wrapped
 * every field of every response in an asynchronous rule evaluation, each
 * coordinate's rule is reduced once per principal key (kind + roles or
 * scopes) to one of:
 *
 *   ALLOW  the field resolves as if there were no permissions,
 *   REFUSE the field answers null with FORBIDDEN / UNAUTHENTICATED at its path,
 *   a check on the parent object (a customer's own data), run synchronously.
 *
 * Rules that look only at the principal become constants; only `self` rules
 * remain per object, and only for a customer principal.
 */

/** A check on the parent object for one principal: the only thing decided per value. */
export type ObjectCheck = (parent: unknown, principal: Principal) => boolean;
export const ALLOW = 0;
export const REFUSE = 1;
export type Decision = typeof ALLOW | typeof REFUSE | ObjectCheck;

/** How a building block of rules.ts reduces for a principal. */
export type CompiledRule =
  | { kind: 'principal'; check: (principal: Principal) => boolean }
  | { kind: 'object'; check: (parent: unknown, principal: Principal) => boolean; applies: (principal: Principal) => boolean };

const compiledRules = new WeakMap<object, CompiledRule>();

/** rules.ts registers each building block it makes, so the compiler can reduce it without calling shield. */
export function registerCompiledRule<R extends IRule>(rule: R, compiled: CompiledRule): R {
  compiledRules.set(rule, compiled);
  return rule;
}

// graphql-shield does not export its rule classes; these are the classes of its logic rules.
const RuleOr = or(allow, allow).constructor;
const RuleAnd = and(allow, allow).constructor;
const RuleTrue = allow.constructor;
const RuleFalse = deny.constructor;

type ShieldRuleLike = { resolve: unknown; getRules?: () => ShieldRuleLike[] };

function reduce(rule: ShieldRuleLike, principal: Principal, where: string): Decision {
  const compiled = compiledRules.get(rule);
  if (compiled?.kind === 'principal') return compiled.check(principal) ? ALLOW : REFUSE;
  if (compiled?.kind === 'object') return compiled.applies(principal) ? compiled.check : REFUSE;
  if (rule instanceof RuleTrue) return ALLOW;
  if (rule instanceof RuleFalse) return REFUSE;
  if (rule instanceof RuleOr) {
    const checks: ObjectCheck[] = [];
    for (const part of rule.getRules!()) {
      const decision = reduce(part, principal, where);
      if (decision === ALLOW) return ALLOW;
      if (decision !== REFUSE) checks.push(decision);
    }
    if (checks.length === 0) return REFUSE;
    return checks.length === 1 ? checks[0] : (parent, p) => checks.some((check) => check(parent, p));
  }
  if (rule instanceof RuleAnd) {
    const checks: ObjectCheck[] = [];
    for (const part of rule.getRules!()) {
      const decision = reduce(part, principal, where);
      if (decision === REFUSE) return REFUSE;
      if (decision !== ALLOW) checks.push(decision);
    }
    if (checks.length === 0) return ALLOW;
    return checks.length === 1 ? checks[0] : (parent, p) => checks.every((check) => check(parent, p));
  }
  // Deny by default: a rule the compiler cannot read is a programming error, found at start-up.
  throw new Error(`Policy for ${where} uses a rule that is not a building block of core/auth/rules.ts (or/and of them)`);
}

type MergedPolicy = Record<string, ShieldRuleLike | Record<string, ShieldRuleLike>>;

const isRule = (value: unknown): value is ShieldRuleLike => typeof (value as { resolve?: unknown })?.resolve === 'function';

/**
 * The rule graphql-shield would apply to Type.field: the field's own, else the
 * type's '*', else a whole-type rule, else deny (fallbackRule: deny).
 */
export function ruleFor(tree: MergedPolicy, typeName: string, field: string): ShieldRuleLike {
  const forType = tree[typeName];
  if (isRule(forType)) return forType;
  if (forType && typeof forType === 'object') {
    const fieldMap = forType as Record<string, ShieldRuleLike>;
    return fieldMap[field] ?? fieldMap['*'] ?? deny;
  }
  return deny;
}

/** Principals that every rule treats alike: the customer id enters only object checks. */
export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case 'STAFF':
      return `S:${[...principal.roles].sort().join(',')}`;
    case 'PARTNER':
      return `P:${[...principal.scopes].sort().join(',')}`;
    default:
      return principal.kind;
  }
}

/** Every coordinate of the schema with a dense index, so a decision is one array read. */
export interface CoordinateIndex {
  readonly coordinates: readonly string[];
  readonly idOf: ReadonlyMap<string, number>;
}

/** One principal key's decisions for every coordinate (index = coordinate id). */
export type DecisionTable = readonly Decision[];

/**
 * Compiles the merged policy once per principal key; tables are kept in a
 * bounded LRU (role sets are few, but nothing a caller sends may grow memory).
 */
export class AccessCompiler {
  private readonly tables = new LRUCache<string, DecisionTable>({ max: 256 });

  constructor(
    private readonly tree: MergedPolicy,
    readonly index: CoordinateIndex,
  ) {}

  static forPolicies(merged: Record<string, unknown>, index: CoordinateIndex): AccessCompiler {
    return new AccessCompiler(merged as MergedPolicy, index);
  }

  /** Decisions for everything a principal like this one may ask for. */
  tableFor(principal: Principal): DecisionTable {
    const key = principalKey(principal);
    let table = this.tables.get(key);
    if (!table) {
      table = this.index.coordinates.map((coordinate) => {
        const dot = coordinate.indexOf('.');
        return reduce(ruleFor(this.tree, coordinate.slice(0, dot), coordinate.slice(dot + 1)), principal, coordinate);
      });
      this.tables.set(key, table);
    }
    return table;
  }

  /** Compile every coordinate for one principal: start-up proof that every policy rule is readable. */
  verify(principal: Principal): void {
    this.tableFor(principal);
  }
}

export type { PolicyMap };
