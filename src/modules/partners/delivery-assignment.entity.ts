import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { CustomerOrder } from '../orders/order.entity';
import { Partner } from './partner.entity';

/**
 * An order handed to a logistics partner for delivery (§7.4). A logistics
 * token reaches exactly the orders assigned to its partner, and of them only
 * what delivery needs.
 */
@Entity({ tableName: 'delivery_assignment' })
@Unique({ name: 'delivery_assignment_order_partner_unique', properties: ['order', 'partner'] })
export class DeliveryAssignment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => CustomerOrder, deleteRule: 'cascade', index: false })
  order: Rel<CustomerOrder>;

  @ManyToOne({ entity: () => Partner, deleteRule: 'cascade', index: 'delivery_assignment_partner_idx' })
  partner: Rel<Partner>;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  assignedAt: Date = new Date();

  @Property({ type: 'text' })
  assignedBy: string;
}
