import { Field, ID, Int, ObjectType } from 'type-graphql';
import { WebhookDeliveryStatus } from './webhook.entities';

@ObjectType('PartnerWebhook', { description: "A partner's endpoint for pushed Art 19 notices and delivery assignments (Standard Webhooks)." })
export class PartnerWebhookView {
  @Field(() => ID, { description: 'The partner.' }) partnerId: string;
  @Field({ description: 'Where events are POSTed (https, or http on loopback).' }) url: string;
  @Field(() => Date, { description: 'When the endpoint and its secret were set.' }) createdAt: Date;
}

@ObjectType('PartnerWebhookSecret', { description: 'The endpoint with its signing secret, shown once: give it to the partner to verify signatures.' })
export class PartnerWebhookSecretView extends PartnerWebhookView {
  @Field({ description: 'Standard Webhooks secret (whsec_…); not shown again.' }) secret: string;
}

@ObjectType('WebhookDelivery', { description: 'One event pushed to one partner, with its delivery state.' })
export class WebhookDeliveryView {
  @Field(() => ID, { description: 'Also the webhook-id header of every attempt.' }) id: string;
  @Field(() => ID, { description: 'The partner.' }) partnerId: string;
  @Field({ description: 'partner_notice.created or delivery_assignment.created.' }) eventType: string;
  @Field(() => ID, { description: 'The notice or assignment it announces.' }) refId: string;
  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' }) status: WebhookDeliveryStatus;
  @Field(() => Int, { description: 'Attempts made.' }) attempts: number;
  @Field(() => Date, { description: 'When the next attempt is due.' }) nextAttemptAt: Date;
  @Field(() => String, { nullable: true, description: 'HTTP status or network error of the last failure.' }) lastError: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was last tried.' }) lastAttemptAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the endpoint answered 2xx.' }) deliveredAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the partner acknowledged the notice.' }) acknowledgedAt: Date | null;
  @Field(() => Date, { description: 'When it was queued.' }) createdAt: Date;
}
