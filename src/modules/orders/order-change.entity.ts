import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { ActorKind } from '../../core/domain/actor';
import { CustomerOrder } from './order.entity';

export enum OrderChangeKind {
  PLACED = 'PLACED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  LINE_ADDED = 'LINE_ADDED',
  LINE_REMOVED = 'LINE_REMOVED',
  LINE_QUANTITY_CHANGED = 'LINE_QUANTITY_CHANGED',
}

registerEnumType(OrderChangeKind, { name: 'OrderChangeKind', description: 'What kind of change an order history entry records.' });

/** What changed, as stored in order_change.detail. Only product data and statuses: no personal data. */
export interface OrderChangeDetail {
  fromStatus?: string;
  toStatus?: string;
  productCode?: string;
  productName?: string;
  fromQuantity?: number;
  toQuantity?: number;
  note?: string;
}

/**
 * History of an order (§4.1: "tiedot tilatuista tuotteista ja niiden
 * muutoksista"): every change of lines or status, what, when and by whom.
 * Append-only: the service never updates or deletes entries.
 */
@Entity({ tableName: 'order_change' })
@Index({ name: 'order_change_order_changed_idx', properties: ['order', 'changedAt'] })
export class OrderChange {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => CustomerOrder, deleteRule: 'cascade', index: false })
  order: Rel<CustomerOrder>;

  @Enum({ items: () => OrderChangeKind, nativeEnumName: 'order_change_kind' })
  kind: OrderChangeKind;

  @Property({ type: 'json' })
  detail: OrderChangeDetail;

  @Enum({ items: () => ActorKind, nativeEnumName: 'actor_kind' })
  actorKind: ActorKind;

  @Property({ type: 'text', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  changedAt: Date = new Date();
}
