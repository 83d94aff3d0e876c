import { isUuid } from '../../core/db/sql';
import { actorLabel } from '../../core/domain/actor';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import { requireText } from '../../core/validation/validators';
import { getCustomer } from '../customers/customers.service';
import { LegalHold } from './legal-hold.entity';
import type { LegalHoldView } from './legal-holds.types';
import { notFoundAt } from '../customers/customer-lock';
import { legalHoldErrors } from './legal-holds.errors';

function view(hold: LegalHold): LegalHoldView {
  const { id, customerId, reason, placedAt, releasedAt, releaseReason } = hold;
  return { id, customerId, reason, placedAt, releasedAt, releaseReason };
}

/** §8.9 "a legal or other right not to delete": the privacy officer holds a customer's data, e.g. during a dispute. */
export async function placeLegalHold(ctx: RequestContext, customerId: string, reason: string): Promise<LegalHoldView> {
  await getCustomer(ctx, customerId).catch(notFoundAt('customerId', 'Customer'));
  const hold = ctx.em.create(LegalHold, { customerId, reason: requireText('reason', reason, 1000), placedAt: ctx.now(), placedBy: actorLabel(ctx.principal) });
  await ctx.em.flush();
  return view(hold);
}

export async function releaseLegalHold(ctx: RequestContext, holdId: string, reason: string): Promise<LegalHoldView> {
  const hold = isUuid(holdId) ? await ctx.em.findOne(LegalHold, { id: holdId }) : null;
  if (!hold) throw notFound('holdId', 'Legal hold');
  if (hold.releasedAt) throw legalHoldErrors.error('LEGAL_HOLD_RELEASED', { field: 'holdId' });
  hold.releasedAt = ctx.now();
  hold.releasedBy = actorLabel(ctx.principal);
  hold.releaseReason = requireText('reason', reason, 1000);
  await ctx.em.flush();
  return view(hold);
}

export async function activeLegalHolds(ctx: RequestContext, customerId: string): Promise<LegalHoldView[]> {
  return (await ctx.em.find(LegalHold, { customerId, releasedAt: null }, { orderBy: { placedAt: 'asc' } })).map(view);
}
