import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ActorKind } from '../../core/domain/actor';

/**
 * One correction of a profile field (§8.2): which field, when, by whom, on
 * which request. Neither the old nor the new value is kept here: the old
 * value was wrong, and the new one lives on the profile.
 */
@Entity({ tableName: 'rectification' })
@Index({ name: 'rectification_customer_idx', properties: ['customerId', 'changedAt'] })
export class Rectification {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId: string;

  @Property({ type: 'text' })
  field: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  changedAt: Date;

  @Enum({ items: () => ActorKind, nativeEnumName: 'actor_kind' })
  actorKind: ActorKind;

  @Property({ type: 'text', nullable: true })
  actorId: string | null;

  @Property({ type: 'uuid', nullable: true })
  requestId: string | null;
}
