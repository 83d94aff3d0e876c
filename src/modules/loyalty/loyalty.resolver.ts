import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { signedInCustomerId } from '../../core/auth/principal';
import { DataSource } from '../../core/domain/data-source';
import type { RequestContext } from '../../core/graphql/context';
import { CustomerView } from '../customers/customers.types';
import { LoyaltyMembershipView } from './loyalty.types';
import { enrollInLoyalty, joinLoyalty, leaveLoyalty } from './loyalty.service';

@Resolver(() => CustomerView)
export class CustomerLoyaltyResolver {
  @FieldResolver(() => LoyaltyMembershipView, { nullable: true, description: 'Loyalty membership (§2.2); null when not a member.' })
  loyalty(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): LoyaltyMembershipView | null | Promise<LoyaltyMembershipView | null> {
    return ctx.loaders.membershipByCustomer.now(customer.id);
  }
}

@Resolver()
export class LoyaltyMutationsResolver {
  @Mutation(() => LoyaltyMembershipView, { nullable: true, description: 'Storefront: join the loyalty programme (§2.2); answers the membership with its member number.' })
  joinLoyalty(@Ctx() ctx: RequestContext): Promise<LoyaltyMembershipView> {
    return joinLoyalty(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => LoyaltyMembershipView, { nullable: true, description: 'Storefront: leave the loyalty programme; its data is deleted after the §4.3 period.' })
  leaveLoyalty(@Ctx() ctx: RequestContext): Promise<LoyaltyMembershipView> {
    return leaveLoyalty(ctx, signedInCustomerId(ctx.principal));
  }

  @Mutation(() => LoyaltyMembershipView, { nullable: true, description: 'Customer service: enrol a customer who asked to join, with where they asked (§6).' })
  enrollInLoyalty(
    @Ctx() ctx: RequestContext,
    @Arg('customerId', () => ID, { description: 'The customer.' }) customerId: string,
    @Arg('source', () => DataSource, { description: 'Where the customer asked to join (§6), e.g. CUSTOMER_MEETING.' }) source: DataSource,
  ): Promise<LoyaltyMembershipView> {
    return enrollInLoyalty(ctx, customerId, source);
  }
}
