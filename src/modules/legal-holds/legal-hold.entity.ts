import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A manual legal hold placed by the privacy officer (§8.9: "a legal or other
 * right not to delete"), e.g. a dispute. While in force, erasure is refused
 * with its reason.
 */
@Entity({ tableName: 'legal_hold' })
@Index({ name: 'legal_hold_customer_active_idx', properties: ['customerId', 'releasedAt'] })
export class LegalHold {
  [OptionalProps]?: 'releasedAt' | 'releasedBy' | 'releaseReason';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId: string;

  @Property({ type: 'text' })
  reason: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  placedAt: Date;

  @Property({ type: 'text' })
  placedBy: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  releasedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  releasedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  releaseReason: string | null = null;
}
