import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { activeLegalHolds, placeLegalHold, releaseLegalHold } from './legal-holds.service';
import { LegalHoldView } from './legal-holds.types';

@Resolver(() => LegalHoldView)
export class LegalHoldResolver {
  @Query(() => [LegalHoldView], { nullable: true, description: 'Legal holds in force on a customer (§8.9).' })
  legalHolds(@Ctx() ctx: RequestContext, @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string): Promise<LegalHoldView[]> {
    return activeLegalHolds(ctx, customerId);
  }

  @Mutation(() => LegalHoldView, { nullable: true, description: 'Place a legal hold (e.g. a dispute); erasure is refused with its reason while it is in force.' })
  placeLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('reason', { description: 'Why; told to the customer if erasure is refused.' }) reason: string,
  ): Promise<LegalHoldView> {
    return placeLegalHold(ctx, customerId, reason);
  }

  @Mutation(() => LegalHoldView, { nullable: true, description: 'Release a legal hold, with the reason.' })
  releaseLegalHold(
    @Ctx() ctx: RequestContext,
    @Arg('holdId', () => ID, { description: 'The hold.' }) holdId: string,
    @Arg('reason', { description: 'Why it is released.' }) reason: string,
  ): Promise<LegalHoldView> {
    return releaseLegalHold(ctx, holdId, reason);
  }
}
