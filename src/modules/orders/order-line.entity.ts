import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { CustomerOrder } from './order.entity';

/** One product on an order (§4.1 "tiedot tilatuista tuotteista"). */
@Entity({ tableName: 'order_line' })
@Unique({ name: 'order_line_order_line_no_unique', properties: ['order', 'lineNo'] })
@Check({ name: 'order_line_quantity_positive', expression: 'quantity > 0' })
@Check({ name: 'order_line_unit_price_non_negative', expression: 'unit_price_cents >= 0' })
export class OrderLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => CustomerOrder, deleteRule: 'cascade' })
  order: Rel<CustomerOrder>;

  /** Position on the order, from 1. */
  @Property({ type: 'integer' })
  lineNo: number;

  @Property({ type: 'text' })
  productCode: string;

  @Property({ type: 'text' })
  productName: string;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'integer' })
  unitPriceCents: number;
}
