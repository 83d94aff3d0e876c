import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomInt } from 'node:crypto';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { isUuid } from '../../core/db/sql';
import { DataSource } from '../../core/domain/data-source';
import { auditChange } from '../audit/audit.collector';
import { Customer, CustomerStatus } from '../customers/customer.entity';
import { LoyaltyMembership } from './loyalty-membership.entity';
import type { LoyaltyMembershipView } from './loyalty.types';
import { loyaltyErrors } from './loyalty.errors';

/*
 * The loyalty-customer register (§2.2): a customer joins in the storefront or
 * is enrolled by customer service (with where the request came from, §6),
 * gets a member number, and may leave at any time. Leaving (or the end of
 * validUntil) starts the §4.3 clock: the LOYALTY_ENDED retention pass deletes
 * the membership data after the grace period; the account stays.
 */

function view(m: LoyaltyMembership): LoyaltyMembershipView {
  return {
    id: m.id,
    customerId: m.customer.id,
    memberNumber: m.memberNumber,
    joinedAt: m.joinedAt,
    validUntil: m.validUntil,
    endedAt: m.endedAt,
    points: m.points,
    tier: m.tier,
    source: m.source,
  };
}

/** "J-" and eight digits, printed on the card; drawn at random so it reveals nothing about order of joining. */
function newMemberNumber(): string {
  return `J-${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

async function join(ctx: RequestContext, customerId: string, source: DataSource, operation: string): Promise<LoyaltyMembershipView> {
  const customer = isUuid(customerId) ? await ctx.em.findOne(Customer, { id: customerId, status: CustomerStatus.ACTIVE }) : null;
  if (!customer) throw notFound('customerId', 'Customer');
  const now = ctx.now();
  const existing = await ctx.em.findOne(LoyaltyMembership, { customer: customerId });
  if (existing && existing.endedAt === null && (existing.validUntil === null || existing.validUntil > now)) {
    throw loyaltyErrors.error('LOYALTY_ALREADY_MEMBER', { message: `Already a member (${existing.memberNumber})` });
  }
  for (let attempt = 0; ; attempt++) {
    const membership = existing ?? ctx.em.create(LoyaltyMembership, { customer, memberNumber: newMemberNumber(), joinedAt: now, source, createdAt: now });
    if (existing) {
      // Rejoining before the §4.3 pass deleted the old membership: it starts again, number kept.
      existing.joinedAt = now;
      existing.endedAt = null;
      existing.validUntil = null;
      existing.source = source;
    }
    auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation }, customerId, ['Customer.loyalty']);
    try {
      await ctx.em.flush();
      return view(membership);
    } catch (error) {
      // A member number drawn twice (1 in 10⁸) or a second join racing this one.
      if (!(error instanceof UniqueConstraintViolationException) || attempt >= 2) throw error;
      ctx.em.clear();
      const raced = await ctx.em.findOne(LoyaltyMembership, { customer: customerId });
      if (raced && raced.endedAt === null) throw loyaltyErrors.error('LOYALTY_ALREADY_MEMBER', { message: `Already a member (${raced.memberNumber})` });
    }
  }
}

/** Storefront: the signed-in customer joins (§2.2); the source is the storefront registration (§6.1). */
export function joinLoyalty(ctx: RequestContext, customerId: string): Promise<LoyaltyMembershipView> {
  return join(ctx, customerId, DataSource.REGISTRATION, 'joinLoyalty');
}

/** Customer service enrols a customer who asked in the shop, by phone or e-mail, with that §6 source. */
export function enrollInLoyalty(ctx: RequestContext, customerId: string, source: DataSource): Promise<LoyaltyMembershipView> {
  if (source === DataSource.REGISTRATION || source === DataSource.WEBSHOP_ORDER) {
    throw badInput('source', `${source} joins happen in the storefront; name where the customer asked (§6)`);
  }
  return join(ctx, customerId, source, 'enrollInLoyalty');
}

/** Storefront: leave the register. The §4.3 clock starts now; the data goes after the grace period. */
export async function leaveLoyalty(ctx: RequestContext, customerId: string): Promise<LoyaltyMembershipView> {
  const membership = await ctx.em.findOne(LoyaltyMembership, { customer: customerId, endedAt: null });
  if (!membership) throw loyaltyErrors.error('LOYALTY_NOT_MEMBER');
  membership.endedAt = ctx.now();
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: membership.endedAt, operation: 'leaveLoyalty' }, customerId, ['Customer.loyalty']);
  await ctx.em.flush();
  return view(membership);
}
