import { Arg, Ctx, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import { emailMarketingGranted } from '../consents/consents.directory';
import { getCustomer } from '../customers/customers.service';
import { headersFor } from './unsubscribe.service';
import { notFoundAt } from '../customers/customer-lock';

@ObjectType('UnsubscribeHeaders', { description: 'Headers for one marketing e-mail to one customer (§4.4, RFC 8058).' })
class UnsubscribeHeadersView {
  @Field({ description: 'The signed unsubscribe page.' }) url: string;
  @Field({ description: 'Value of the List-Unsubscribe header.' }) listUnsubscribe: string;
  @Field({ description: 'Value of the List-Unsubscribe-Post header.' }) listUnsubscribePost: string;
}

@Resolver()
export class UnsubscribeResolver {
  @Mutation(() => UnsubscribeHeadersView, {
    nullable: true,
    description: 'Marketing: the List-Unsubscribe headers for an e-mail to this customer (one-click leave, §4.4).',
  })
  async marketingEmailHeaders(@Ctx() ctx: RequestContext, @Arg('customerId', () => ID, { description: 'The recipient.' }) customerId: string): Promise<UnsubscribeHeadersView> {
    // Only customers in the caller's marketing audience (consent in force, no ban, not restricted).
    await getCustomer(ctx, customerId).catch(notFoundAt('customerId', 'Customer'));
    // §4.4: the headers go only on e-mail to someone whose e-mail marketing permission is in force.
    if (!(await emailMarketingGranted(ctx.em, customerId))) throw notFound('customerId', 'Customer with e-mail marketing permission');
    return headersFor(ctx.settings, customerId);
  }
}
