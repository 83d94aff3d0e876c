import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { CreateCustomerInput, CustomerFilter, RegisterCustomerInput } from './customers.inputs';
import { createCustomer, getCustomer, listCustomers, signUpCustomer } from './customers.service';
import { SessionPayload } from '../identity/identity.types';
import { AddressView, CustomerConnection, CustomerView } from './customers.types';

@Resolver(() => CustomerView)
export class CustomerResolver {
  @Query(() => CustomerView, { nullable: true, description: 'One customer by id. Someone you may not see answers NOT_FOUND, like a missing one.' })
  customer(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CustomerView> {
    return getCustomer(ctx, id);
  }

  @Query(() => CustomerConnection, { nullable: true, description: 'Customers you may see, oldest first, a page at a time.' })
  customers(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page forward: page size, 1–200 (20 when neither first nor last is given).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'With first: endCursor of the previous page.' }) after: string | null,
    @Arg('last', () => Int, { nullable: true, description: 'Page backward: page size, 1–200; not with first.' }) last: number | null,
    @Arg('before', () => String, { nullable: true, description: 'With last: startCursor of the page after the one wanted.' }) before: string | null,
    @Arg('filter', () => CustomerFilter, { nullable: true, description: 'Conditions the customers must meet.' }) filter: CustomerFilter | null,
  ): Promise<CustomerConnection> {
    return listCustomers(ctx, { first, after, last, before, filter });
  }

  @Mutation(() => SessionPayload, {
    nullable: true,
    description:
      'Storefront sign-up with the consents the customer ticked (§6.1). Answers a session: the new customer is signed in. ' +
      'An address that is already registered answers the same way (a session that signs nobody in) and its owner is told; ' +
      'sign-ups are throttled per client address (SIGNUP_THROTTLED).',
  })
  async registerCustomer(@Ctx() ctx: RequestContext, @Arg('input', () => RegisterCustomerInput) input: RegisterCustomerInput): Promise<SessionPayload> {
    const { customerId, session } = await signUpCustomer(ctx, input);
    return { token: session.token, expiresAt: session.expiresAt, customerId, staffId: null };
  }

  @Mutation(() => CustomerView, { nullable: true, description: 'Manual entry by customer service or sales, with where the data came from (§6.2).' })
  createCustomer(@Ctx() ctx: RequestContext, @Arg('input', () => CreateCustomerInput) input: CreateCustomerInput): Promise<CustomerView> {
    return createCustomer(ctx, input);
  }

  @FieldResolver(() => [AddressView], { nullable: true, description: 'Postal addresses on the profile (§4.1).' })
  addresses(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<AddressView[]> {
    return ctx.loaders.addressesByCustomer.load(customer.id);
  }
}

@Resolver(() => CustomerConnection)
export class CustomerConnectionResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'How many customers match the filter across all pages (one extra query).' })
  totalCount(@Root() connection: CustomerConnection): Promise<number> {
    return connection.countQuery();
  }
}
