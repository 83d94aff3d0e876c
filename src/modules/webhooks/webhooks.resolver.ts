import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../core/graphql/context';
import { WebhookDeliveryStatus } from './webhook.entities';
import { listWebhookDeliveries, partnerWebhookOf, removePartnerWebhook, retryWebhookDelivery, setPartnerWebhook } from './webhooks.service';
import { PartnerWebhookSecretView, PartnerWebhookView, WebhookDeliveryView } from './webhooks.types';

@Resolver()
export class WebhooksResolver {
  @Mutation(() => PartnerWebhookSecretView, { nullable: true, description: "ADMIN: set a partner's webhook endpoint; answers a new signing secret, shown once." })
  setPartnerWebhook(
    @Ctx() ctx: RequestContext,
    @Arg('partnerId', () => ID, { description: 'The partner.' }) partnerId: string,
    @Arg('url', { description: 'https URL (http only on loopback).' }) url: string,
  ): Promise<PartnerWebhookSecretView> {
    return setPartnerWebhook(ctx, partnerId, url);
  }

  @Mutation(() => Boolean, { nullable: true, description: "ADMIN: remove a partner's endpoint; notices stay available by polling." })
  removePartnerWebhook(@Ctx() ctx: RequestContext, @Arg('partnerId', () => ID, { description: 'The partner.' }) partnerId: string): Promise<boolean> {
    return removePartnerWebhook(ctx, partnerId);
  }

  @Query(() => PartnerWebhookView, { nullable: true, description: "ADMIN: a partner's endpoint (without the secret); null when it has none." })
  partnerWebhook(@Ctx() ctx: RequestContext, @Arg('partnerId', () => ID, { description: 'The partner.' }) partnerId: string): Promise<PartnerWebhookView | null> {
    return partnerWebhookOf(ctx, partnerId);
  }

  @Query(() => [WebhookDeliveryView], { nullable: true, description: 'ADMIN: pushed events by status, newest first (default: DEAD, to retry).' })
  webhookDeliveries(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { description: 'At most this many (1–100).' }) first: number,
    @Arg('status', () => [WebhookDeliveryStatus], { nullable: true, description: 'Only these states.' }) status: WebhookDeliveryStatus[] | null,
    @Arg('partnerId', () => ID, { nullable: true, description: 'Only this partner.' }) partnerId: string | null,
  ): Promise<WebhookDeliveryView[]> {
    return listWebhookDeliveries(ctx, { first, status, partnerId });
  }

  @Mutation(() => WebhookDeliveryView, { nullable: true, description: 'ADMIN: try a DEAD delivery again from its first attempt.' })
  retryWebhookDelivery(@Ctx() ctx: RequestContext, @Arg('deliveryId', () => ID, { description: 'The delivery.' }) deliveryId: string): Promise<WebhookDeliveryView> {
    return retryWebhookDelivery(ctx, deliveryId);
  }
}
