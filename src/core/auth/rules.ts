import { rule, type IRule } from 'graphql-shield';
import type { RequestContext } from '../graphql/context';
import { AppError, coreErrors } from '../graphql/errors';
import { registerCompiledRule } from './access';
import { hasRole, hasScope, type PartnerScope, type Principal, type StaffRole } from './principal';

/*
 * The building blocks of the domain policies (<domain>.policy.ts). A rule
 * answers true or false; a refusal becomes, in one place (refusalError, the
 * shield's fallbackError), UNAUTHENTICATED for a caller without credentials
 * and FORBIDDEN for one whose role does not reach. Rules return a plain
 * false rather than an error: `or(self, staff(…))` runs on every field, and
 * building an Error with its stack for each losing branch cost an eighth of
 * the admin list's CPU.
 *
 * Each building block is a graphql-shield rule (so the permission-matrix test
 * can evaluate it exactly as shield would) and registers its compiled form with
 * access.ts, which the served schema uses: principal rules become constants per
 * role set, `self` a synchronous comparison per object. The shield cache modes
 * below matter only to callers of resolve() (the matrix test).
 */

/** The error a refused field answers with: what the caller must do about it. */
export function refusalError(principal: Principal): AppError {
  return principal.kind === 'ANONYMOUS' ? coreErrors.error('UNAUTHENTICATED', { message: 'Sign in to see this' }) : coreErrors.error('FORBIDDEN');
}

function principalRule(name: string, check: (principal: Principal) => boolean): IRule {
  const made = rule(name, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => check(ctx.principal));
  // The served schema never calls resolve(): access.ts reduces the rule to a constant per principal key.
  return registerCompiledRule(made, { kind: 'principal', check });
}

const cache = new Map<string, IRule>();
function memo(name: string, make: () => IRule): IRule {
  let found = cache.get(name);
  if (!found) {
    found = make();
    cache.set(name, found);
  }
  return found;
}

/** Anyone, signed in or not: only for public data such as the privacy statement. */
export const everyone: IRule = principalRule('everyone', () => true);

export const signedIn: IRule = principalRule('signedIn', (principal) => principal.kind !== 'ANONYMOUS');

export const customer: IRule = principalRule('customer', (principal) => principal.kind === 'CUSTOMER');

export const anyStaff: IRule = principalRule('anyStaff', (principal) => principal.kind === 'STAFF');

/** Staff holding at least one of the roles. */
export function staff(...roles: StaffRole[]): IRule {
  const name = `staff:${[...roles].sort().join('|')}`;
  return memo(name, () => principalRule(name, (principal) => hasRole(principal, ...roles)));
}

/** A partner token holding the scope (§7.4). */
export function partner(scope: PartnerScope): IRule {
  const name = `partner:${scope}`;
  return memo(name, () => principalRule(name, (principal) => hasScope(principal, scope)));
}

/**
 * Per-object rule: the customer themself, where `customerIdOf` reads the
 * owning customer's id from the parent object.
 */
export function self<T>(name: string, customerIdOf: (parent: T) => string | null | undefined): IRule {
  const isOwn = (parent: T, principal: Principal) => principal.kind === 'CUSTOMER' && customerIdOf(parent) === principal.customerId;
  return memo(`self:${name}`, () =>
    registerCompiledRule(
      rule(`self:${name}`, { cache: 'no_cache' })((parent: T, _args, ctx: RequestContext) => isOwn(parent, ctx.principal)),
      // Compiled: refused outright for anyone but a customer; for a customer, one comparison per object.
      { kind: 'object', applies: (principal) => principal.kind === 'CUSTOMER', check: (parent, principal) => isOwn(parent as T, principal) },
    ),
  );
}
