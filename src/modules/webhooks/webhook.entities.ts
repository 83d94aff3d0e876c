import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { Partner } from '../partners/partner.entity';

/**
 * A partner's webhook endpoint (§7.4, Art 19): where Art 19 notices and
 * delivery assignments are pushed, signed by the Standard Webhooks scheme
 * with the partner's secret. Polling keeps working alongside.
 */
@Entity({ tableName: 'partner_webhook' })
export class PartnerWebhook {
  [OptionalProps]?: 'createdAt';

  @ManyToOne({ entity: () => Partner, primary: true, deleteRule: 'cascade' })
  partner: Rel<Partner>;

  /** https, or http on a loopback address (tests, a local relay). */
  @Property({ type: 'text' })
  url: string;

  /**
   * The signing secret (whsec_…), sealed with AES-256-GCM under WEBHOOK_SECRET_KEY
   * (`v1.<iv>.<tag>.<ciphertext>`, webhook-secret.ts): it is needed in clear to sign, so it
   * cannot be hashed, and the database alone never holds it in clear.
   */
  @Property({ type: 'text', hidden: true })
  secret: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}

export enum WebhookEventType {
  PARTNER_NOTICE = 'partner_notice.created',
  DELIVERY_ASSIGNMENT = 'delivery_assignment.created',
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  DELIVERED = 'DELIVERED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  DEAD = 'DEAD',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a pushed event stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its (next) attempt.' },
    SENDING: { description: 'Being posted by one worker.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    ACKNOWLEDGED: { description: 'The partner acknowledged the notice (acknowledgePartnerNotice).' },
    DEAD: { description: 'Given up after the last attempt; an admin may retry it.' },
  },
});

/**
 * One event pushed to one partner: written in the transaction that created
 * the notice or the assignment, posted by the webhook worker. The body is
 * built at send time from the notice or assignment (ids, order numbers and
 * field names: never a name or an address), so nothing is copied here.
 */
@Entity({ tableName: 'webhook_delivery' })
@Index({ name: 'webhook_delivery_due_idx', properties: ['status', 'nextAttemptAt'] })
@Index({ name: 'webhook_delivery_ref_idx', properties: ['refId'] })
export class WebhookDelivery {
  [OptionalProps]?: 'status' | 'attempts' | 'leaseUntil' | 'lastError' | 'lastAttemptAt' | 'deliveredAt' | 'acknowledgedAt';

  /** Also the webhook-id header: the same on every attempt, so the receiver can drop repeats. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Partner, deleteRule: 'cascade', index: false })
  partner: Rel<Partner>;

  @Property({ type: 'text' })
  eventType: WebhookEventType;

  /** The partner notice or delivery assignment it announces. */
  @Property({ type: 'uuid' })
  refId: string;

  @Enum({ items: () => WebhookDeliveryStatus, nativeEnumName: 'webhook_delivery_status' })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  nextAttemptAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;

  /** HTTP status or a network error code of the last failed attempt. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date;
}
