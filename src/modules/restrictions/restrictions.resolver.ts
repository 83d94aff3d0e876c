import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { signedInCustomerId } from '../../core/auth/principal';
import type { RequestContext } from '../../core/graphql/context';
import { CustomerView } from '../customers/customers.types';
import {
  banMyDirectMarketing,
  banOnRequest,
  decideObjection,
  ObjectionDecision,
  liftMyMarketingBan,
  liftRestriction,
  objectionsOf,
  objectToMyProcessing,
  restrictionsOf,
  restrictMyProcessing,
  restrictOnRequest,
} from './restrictions.service';
import { ObjectionView, RestrictionInput, RestrictionView } from './restrictions.types';
import { PrivacyRequestView } from '../privacy-requests/privacy-requests.types';

@Resolver()
export class RestrictionsResolver {
  @Mutation(() => RestrictionView, { nullable: true, description: 'Storefront: dispute data; it is only stored until the matter is resolved (§8.11).' })
  restrictMyProcessing(@Ctx() ctx: RequestContext, @Arg('input', () => RestrictionInput) input: RestrictionInput): Promise<RestrictionView> {
    return restrictMyProcessing(ctx, signedInCustomerId(ctx.principal), input);
  }

  @Mutation(() => RestrictionView, { nullable: true, description: 'Restrict processing on a verified RESTRICTION request (§8.8, §8.11).' })
  restrictProcessing(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'A verified RESTRICTION request.' }) requestId: string,
    @Arg('input', () => RestrictionInput) input: RestrictionInput,
  ): Promise<RestrictionView> {
    return restrictOnRequest(ctx, requestId, input);
  }

  @Mutation(() => RestrictionView, {
    nullable: true,
    description:
      'Lift a restriction with the reason. The customer is told first (Art 18(3)): the answer has liftPending true and the restriction stays in force until the notice e-mail was delivered; a customer without an address is told in the app and the lift is immediate.',
  })
  liftRestriction(
    @Ctx() ctx: RequestContext,
    @Arg('restrictionId', () => ID, { description: 'The restriction.' }) restrictionId: string,
    @Arg('reason', { description: 'Why; sent to the customer.' }) reason: string,
  ): Promise<RestrictionView> {
    return liftRestriction(ctx, restrictionId, reason);
  }

  @Mutation(() => ObjectionView, { nullable: true, description: 'Storefront: forbid direct marketing (§8.4); every marketing consent is withdrawn at once.' })
  banDirectMarketing(@Ctx() ctx: RequestContext): Promise<ObjectionView> {
    return banMyDirectMarketing(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => ObjectionView, { nullable: true, description: 'Record a direct-marketing ban received in writing, on a verified request (§8.4).' })
  recordDirectMarketingBan(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'A verified DIRECT_MARKETING_BAN request.' }) requestId: string,
  ): Promise<ObjectionView> {
    return banOnRequest(ctx, requestId);
  }

  @Mutation(() => ObjectionView, { nullable: true, description: 'Storefront: lift your own direct-marketing ban. Consents stay withdrawn until you give them again.' })
  liftMarketingBan(@Ctx() ctx: RequestContext): Promise<ObjectionView> {
    return liftMyMarketingBan(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => ObjectionView, {
    nullable: true,
    description: 'Storefront: object to processing you consider unlawful (§8.3); marketing stops at once and the privacy officer decides.',
  })
  objectToProcessing(@Ctx() ctx: RequestContext, @Arg('reason', () => String, { nullable: true, description: 'Your grounds.' }) reason: string | null): Promise<ObjectionView> {
    return objectToMyProcessing(ctx, signedInCustomerId(ctx.principal), reason);
  }

  @Mutation(() => PrivacyRequestView, {
    nullable: true,
    description: 'Privacy officer: decide an OBJECTION request (§8.3, Art 21(1)): uphold it (processing stays stopped) or reject it with a reason the customer is told.',
  })
  decideObjection(
    @Ctx() ctx: RequestContext,
    @Arg('requestId', () => ID, { description: 'An open OBJECTION request.' }) requestId: string,
    @Arg('decision', () => ObjectionDecision, { description: 'Uphold or reject.' }) decision: ObjectionDecision,
    @Arg('reason', { description: 'The grounds; on a rejection the customer receives them.' }) reason: string,
  ): Promise<PrivacyRequestView> {
    return decideObjection(ctx, requestId, decision, reason);
  }
}

@Resolver(() => CustomerView)
export class CustomerRestrictionsResolver {
  @FieldResolver(() => [RestrictionView], { nullable: true, description: 'Restrictions of processing, in force and lifted (§8.11).' })
  restrictions(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<RestrictionView[]> {
    return restrictionsOf(ctx, customer.id);
  }

  @FieldResolver(() => [ObjectionView], { nullable: true, description: 'Objections and direct-marketing bans (§8.3, §8.4).' })
  objections(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<ObjectionView[]> {
    return objectionsOf(ctx, customer.id);
  }
}
