import { Collection, Embedded, Entity, Enum, Index, ManyToOne, OneToMany, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { Customer } from '../customers/customer.entity';
import { OrderLine } from './order-line.entity';
import { OrderParty } from './order-party.embeddable';

export enum OrderStatus {
  PLACED = 'PLACED',
  PAID = 'PAID',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
  RETURNED = 'RETURNED',
}

registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order is in its life. PLACED, PAID and SHIPPED are open; the rest are final.',
});

/**
 * A webshop order (§3.2, §4.1). The customer link is nullable and set to null
 * on delete: erasing a customer must not take the bookkeeping with it (§8.9).
 */
@Entity({ tableName: 'customer_order' })
@Index({ name: 'customer_order_customer_placed_idx', properties: ['customer', 'placedAt'] })
export class CustomerOrder {
  [OptionalProps]?: 'status' | 'currency' | 'shippingCents' | 'createdAt' | 'updatedAt' | 'heldSince' | 'retainUntil' | 'anonymisedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Human-facing number, e.g. "J-2024-000042". */
  @Property({ type: 'text', unique: 'customer_order_order_number_unique' })
  orderNumber: string;

  @ManyToOne({ entity: () => Customer, nullable: true, deleteRule: 'set null' })
  customer: Rel<Customer> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  placedAt: Date;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status' })
  status: OrderStatus = OrderStatus.PLACED;

  /** ISO 4217. */
  @Property({ type: 'character', length: 3 })
  currency: string = 'EUR';

  /** Money is integer cents. */
  @Property({ type: 'integer' })
  subtotalCents: number;

  @Property({ type: 'integer' })
  shippingCents: number = 0;

  @Property({ type: 'integer' })
  totalCents: number;

  @Embedded({ entity: () => OrderParty, prefix: 'billing_' })
  billing: OrderParty;

  @Embedded({ entity: () => OrderParty, prefix: 'delivery_' })
  delivery: OrderParty;

  @Enum({ items: () => DataSource, nativeEnumName: 'data_source' })
  source: DataSource;

  /**
   * Set when the ordering customer was erased (§8.7): from then on the order
   * is held as bookkeeping material only (§8.9), visible to accounting and
   * the privacy officer, until retainUntil.
   */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  heldSince: Date | null = null;

  /** End of the Accounting Act retention (ch. 2 §10), counted from the end of the financial year. */
  @Property({ type: 'date', nullable: true, index: 'customer_order_retain_until_idx' })
  retainUntil: string | null = null;

  /** Set when retainUntil passed and the remaining personal data (billing name and address) went (§8.9). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  anonymisedAt: Date | null = null;

  @OneToMany({ entity: () => OrderLine, mappedBy: 'order', orphanRemoval: true })
  lines = new Collection<OrderLine>(this);

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
