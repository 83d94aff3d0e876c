import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Restriction of processing while data is disputed (§8.8, §8.11, GDPR Art 18):
 * the data is only stored. `fields` null means the whole customer. Lifting
 * records why, and the customer is told first (Art 18(3)).
 */
@Entity({ tableName: 'restriction' })
@Index({ name: 'restriction_customer_active_idx', properties: ['customerId', 'liftedAt'] })
export class Restriction {
  [OptionalProps]?: 'fields' | 'liftedAt' | 'liftedBy' | 'liftReason' | 'requestId';

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
}
