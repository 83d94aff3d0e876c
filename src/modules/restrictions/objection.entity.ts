import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

export enum ObjectionKind {
  OBJECTION = 'OBJECTION',
  DIRECT_MARKETING_BAN = 'DIRECT_MARKETING_BAN',
}

registerEnumType(ObjectionKind, {
  name: 'ObjectionKind',
  description: 'An objection to processing (§8.3) or a ban on direct marketing (§8.4).',
});

/**
 * An objection (§8.3) or a direct-marketing ban (§8.4). While a ban is in
 * force no staff action can grant marketing consent; only the customer can
 * lift it. Both take the customer out of every marketing audience.
 */
@Entity({ tableName: 'objection' })
@Index({ name: 'objection_customer_active_idx', properties: ['customerId', 'liftedAt'] })
export class Objection {
  [OptionalProps]?: 'liftedAt' | 'requestId' | 'reason';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId: string;

  @Enum({ items: () => ObjectionKind, nativeEnumName: 'objection_kind' })
  kind: ObjectionKind;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  requestId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  placedAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  liftedAt: Date | null = null;
}
