import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { CustomerView } from '../customers/customers.types';
import { LoyaltyMembershipView } from './loyalty.types';

@Resolver(() => CustomerView)
export class CustomerLoyaltyResolver {
  @FieldResolver(() => LoyaltyMembershipView, { nullable: true, description: 'Loyalty membership (§2.2); null when not a member.' })
  loyalty(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<LoyaltyMembershipView | null> {
    return ctx.loaders.membershipByCustomer.load(customer.id);
  }
}
