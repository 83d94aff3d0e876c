import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Restriction of processing while data is disputed (§8.8, §8.11, GDPR Art 18):
 * the data is only stored. `fields` null means the whole customer. Lifting
 * records why, and the customer is told first (Art 18(3)): a lift is first
 * requested (liftRequestedAt, with the e-mail that tells the customer), and the
 * restriction is lifted (liftedAt) only once that e-mail was delivered.
 */
@Entity({ tableName: 'restriction' })
@Index({ name: 'restriction_customer_active_idx', properties: ['customerId', 'liftedAt'] })
export class Restriction {
  [OptionalProps]?: 'fields' | 'liftedAt' | 'liftedBy' | 'liftReason' | 'requestId' | 'liftRequestedAt' | 'liftRequestedBy' | 'liftNoticeId';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId: string;

  /** Restricted profile fields (firstName, lastName, email, phone, addresses); null = all processing. */
  @Property({ type: 'text[]', nullable: true })
  fields: string[] | null = null;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'uuid', nullable: true })
  requestId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  placedAt: Date;

  @Property({ type: 'text' })
  placedBy: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  liftedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  liftedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  liftReason: string | null = null;

  /** When the lift was asked for; the restriction holds until the customer has been sent the notice (Art 18(3)). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  liftRequestedAt: Date | null = null;

  /** Who asked for the lift (the actor label, like placedBy). */
  @Property({ type: 'text', nullable: true })
  liftRequestedBy: string | null = null;

  /** The outbox e-mail that tells the customer; its delivery lifts the restriction. */
  @Property({ type: 'uuid', nullable: true })
  liftNoticeId: string | null = null;
}
