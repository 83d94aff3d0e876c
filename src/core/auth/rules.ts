import { rule, type IRule } from 'graphql-shield';
import type { RequestContext } from '../graphql/context';
import { AppError } from '../graphql/errors';
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
 * Rules that look only at the principal use shield's `contextual` cache (one
 * evaluation per request and rule name). Rules that look at the parent object
 * use `no_cache`: contextual caching by name would leak one row's answer to the
 * next.
 */

/** The error a refused field answers with: what the caller must do about it. */
export function refusalError(principal: Principal): AppError {
  return principal.kind === 'ANONYMOUS'
    ? new AppError('UNAUTHENTICATED', 'Sign in to see this')
    : new AppError('FORBIDDEN', 'Your role does not allow this');
}

function principalRule(name: string, check: (ctx: RequestContext) => boolean): IRule {
  return rule(name, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => check(ctx));
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
export const everyone: IRule = rule('everyone', { cache: 'contextual' })(() => true);

export const signedIn: IRule = principalRule('signedIn', (ctx) => ctx.principal.kind !== 'ANONYMOUS');

export const customer: IRule = principalRule('customer', (ctx) => ctx.principal.kind === 'CUSTOMER');

export const anyStaff: IRule = principalRule('anyStaff', (ctx) => ctx.principal.kind === 'STAFF');

/** Staff holding at least one of the roles. */
export function staff(...roles: StaffRole[]): IRule {
  const name = `staff:${[...roles].sort().join('|')}`;
  return memo(name, () => principalRule(name, (ctx) => hasRole(ctx.principal, ...roles)));
}

/** A partner token holding the scope (§7.4). */
export function partner(scope: PartnerScope): IRule {
  const name = `partner:${scope}`;
  return memo(name, () => principalRule(name, (ctx) => hasScope(ctx.principal, scope)));
}

/**
 * Per-object rule: the customer themself, where `customerIdOf` reads the
 * owning customer's id from the parent object.
 */
export function self<T>(name: string, customerIdOf: (parent: T) => string | null | undefined): IRule {
  return memo(`self:${name}`, () =>
    rule(`self:${name}`, { cache: 'no_cache' })(
      (parent: T, _args, ctx: RequestContext) => ctx.principal.kind === 'CUSTOMER' && customerIdOf(parent) === ctx.principal.customerId,
    ),
  );
}
