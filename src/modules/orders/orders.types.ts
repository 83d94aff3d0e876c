import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ActorKind } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import { OrderChangeKind } from './order-change.entity';
import { OrderStatus } from './order.entity';

@ObjectType('OrderParty', {
  description: 'Billing or delivery details as they were when the order was placed (§4.1). Bookkeeping material (§8.9).',
})
export class OrderPartyView {
  @Field(() => String, { nullable: true, description: 'Name of the payer or recipient.' })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail given on the order.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Phone given on the order (E.164); the courier uses the delivery phone.' })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  line1: string | null;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  line2: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code.' })
  postalCode: string | null;

  @Field(() => String, { nullable: true, description: 'City or post office.' })
  city: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  countryCode: string | null;
}

@ObjectType('OrderHold', {
  description: 'An erased customer’s order kept as bookkeeping material (§8.9): visible to accounting and the privacy officer only.',
})
export class OrderHoldView {
  @Field(() => Date, { description: 'When the customer was erased and the order became held.' }) heldSince: Date;
  @Field({ description: 'ISO date until which the Accounting Act requires keeping it.' }) retainUntil: string;
  @Field({ description: 'The law that requires keeping it.' }) legalBasis: string;
}

@ObjectType('Order', { description: 'A webshop order (§3.2, §4.1).' })
export class OrderView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  /** Not exposed directly: the customer link (null once the customer is erased). */
  customerId: string | null;

  /** Not exposed: the restriction in force on the customer ('*' = all processing), for the read guard. */
  restrictedFields?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Order number shown to the customer and on receipts.' })
  orderNumber: string;

  @Field(() => Date, { nullable: true, description: 'When the order was placed.' })
  placedAt: Date;

  @Field(() => OrderStatus, { nullable: true, description: 'Current status.' })
  status: OrderStatus;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency of all amounts.' })
  currency: string;

  @Field(() => Int, { nullable: true, description: 'Sum of the lines, in cents.' })
  subtotalCents: number;

  @Field(() => Int, { nullable: true, description: 'Shipping charge, in cents.' })
  shippingCents: number;

  @Field(() => Int, { nullable: true, description: 'Total charged, in cents.' })
  totalCents: number;

  @Field(() => OrderPartyView, { nullable: true, description: 'Billing details as given on the order.' })
  billing: OrderPartyView;

  @Field(() => OrderPartyView, { nullable: true, description: 'Delivery details as given on the order.' })
  delivery: OrderPartyView;

  @Field(() => DataSource, { nullable: true, description: 'Where the order came from (§6).' })
  source: DataSource;

  @Field(() => OrderHoldView, { nullable: true, description: 'Set when the order is held as bookkeeping material of an erased customer.' })
  hold: OrderHoldView | null;
}

@ObjectType('OrderLine', { description: 'A product on an order (§4.1).' })
export class OrderLineView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  orderId: string;

  @Field(() => Int, { nullable: true, description: 'Position on the order, from 1.' })
  lineNo: number;

  @Field(() => String, { nullable: true, description: 'Product code (SKU).' })
  productCode: string;

  @Field(() => String, { nullable: true, description: 'Product name as sold.' })
  productName: string;

  @Field(() => Int, { nullable: true, description: 'Quantity ordered.' })
  quantity: number;

  @Field(() => Int, { nullable: true, description: 'Unit price in cents.' })
  unitPriceCents: number;

  @Field(() => Int, { nullable: true, description: 'quantity × unitPriceCents.' })
  totalCents: number;
}

@ObjectType('OrderChange', {
  description: 'One entry of an order history (§4.1: the products ordered and their changes): what, when and by whom.',
})
export class OrderChangeView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  orderId: string;

  @Field(() => OrderChangeKind, { nullable: true, description: 'What kind of change.' })
  kind: OrderChangeKind;

  @Field(() => Date, { nullable: true, description: 'When it happened.' })
  changedAt: Date;

  @Field(() => ActorKind, { nullable: true, description: 'Who made it: customer, staff, partner or the system.' })
  actorKind: ActorKind;

  @Field(() => String, { nullable: true, description: 'Id of the principal who made it (null for the system).' })
  actorId: string | null;

  @Field(() => OrderStatus, { nullable: true, description: 'Status before a status change.' })
  fromStatus: OrderStatus | null;

  @Field(() => OrderStatus, { nullable: true, description: 'Status after a status change.' })
  toStatus: OrderStatus | null;

  @Field(() => String, { nullable: true, description: 'Product a line change concerns.' })
  productCode: string | null;

  @Field(() => Int, { nullable: true, description: 'Quantity before a line change (null when the line was added).' })
  fromQuantity: number | null;

  @Field(() => Int, { nullable: true, description: 'Quantity after a line change (null when the line was removed).' })
  toQuantity: number | null;

  @Field(() => String, { nullable: true, description: 'Free-text note given with the change.' })
  note: string | null;
}
