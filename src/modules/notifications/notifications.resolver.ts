import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { coreErrors } from '../../core/graphql/errors';
import { acknowledgePartnerNotice, myCustomerNotices, myPartnerNotices } from './notifications.service';
import { CustomerNoticeView, PartnerNoticeView } from './notifications.types';

@Resolver()
export class NotificationsResolver {
  @Query(() => [PartnerNoticeView], { nullable: true, description: 'Partners: corrections, erasures and restrictions of data you received (Art 19).' })
  partnerNotices(
    @Ctx() ctx: RequestContext,
    @Arg('includeAcknowledged', { defaultValue: false, description: 'Also the ones already acknowledged.' }) includeAcknowledged: boolean,
  ): Promise<PartnerNoticeView[]> {
    return myPartnerNotices(ctx, includeAcknowledged);
  }

  @Mutation(() => PartnerNoticeView, { nullable: true, description: 'Partners: confirm a notice has been acted on.' })
  acknowledgePartnerNotice(@Ctx() ctx: RequestContext, @Arg('noticeId', () => ID, { description: 'The notice.' }) noticeId: string): Promise<PartnerNoticeView> {
    return acknowledgePartnerNotice(ctx, noticeId);
  }

  @Query(() => [CustomerNoticeView], { nullable: true, description: 'Storefront: messages about your requests and data, newest first.' })
  myNotices(@Ctx() ctx: RequestContext): Promise<CustomerNoticeView[]> {
    if (ctx.principal.kind !== 'CUSTOMER') throw coreErrors.error('FORBIDDEN', { message: 'Only a signed-in customer has messages' });
    return myCustomerNotices(ctx, ctx.principal.customerId);
  }
}
