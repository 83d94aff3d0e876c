import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { CustomerView } from '../customers/customers.types';
import { deriveConsentStates } from './consents.service';
import { ConsentEntryView, ConsentStateView } from './consents.types';

@Resolver(() => CustomerView)
export class CustomerConsentsResolver {
  @FieldResolver(() => [ConsentStateView], {
    nullable: true,
    description: 'Current state of every consent purpose, derived from the history (§4.1, §10).',
  })
  async consents(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<ConsentStateView[]> {
    return deriveConsentStates(customer.id, await ctx.loaders.consentHistoryByCustomer.load(customer.id));
  }

  @FieldResolver(() => [ConsentEntryView], { nullable: true, description: 'The whole consent history, oldest first (§11).' })
  consentHistory(@Root() customer: CustomerView, @Ctx() ctx: RequestContext): Promise<ConsentEntryView[]> {
    return ctx.loaders.consentHistoryByCustomer.load(customer.id);
  }
}
