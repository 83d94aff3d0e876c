import { Field, ID, InputType, Int } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { OrderStatus } from './order.entity';

@InputType({ description: 'Billing or delivery details given with an order.' })
export class OrderPartyInput {
  @Field({ description: 'Name of the payer or recipient.' }) name: string;
  @Field(() => String, { nullable: true, description: 'E-mail for receipts and delivery notices.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Phone (any common notation; stored as E.164).' }) phone?: string | null;
  @Field({ description: 'Street address.' }) line1: string;
  @Field(() => String, { nullable: true, description: 'Second address line.' }) line2?: string | null;
  @Field({ description: 'Postal code.' }) postalCode: string;
  @Field({ description: 'City or post office.' }) city: string;
  @Field({ defaultValue: 'FI', description: 'ISO 3166-1 alpha-2 country code.' }) countryCode: string;
}

@InputType({ description: 'A product to order.' })
export class OrderLineInput {
  @Field({ description: 'Product code (SKU).' }) productCode: string;
  @Field({ description: 'Product name as sold.' }) productName: string;
  @Field(() => Int, { description: 'Quantity, at least 1.' }) quantity: number;
  @Field(() => Int, { description: 'Unit price in cents, zero or more.' }) unitPriceCents: number;
}

@InputType({ description: 'A new order. Totals are computed by Rekisteri from the lines.' })
export class PlaceOrderInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The ordering customer. A signed-in customer orders for themself and may omit it; staff give it (or omit it for a guest).',
  })
  customerId?: string | null;

  @Field(() => [OrderLineInput], { description: 'At least one line.' }) lines: OrderLineInput[];
  @Field(() => OrderPartyInput, { description: 'Billing details.' }) billing: OrderPartyInput;
  @Field(() => OrderPartyInput, { nullable: true, description: 'Delivery details; the billing details when omitted.' })
  delivery?: OrderPartyInput | null;
  @Field({ defaultValue: 'EUR', description: 'ISO 4217 currency.' }) currency: string;
  @Field(() => Int, { defaultValue: 0, description: 'Shipping charge in cents.' }) shippingCents: number;
  @Field(() => DataSource, {
    nullable: true,
    description: 'Where the order came from (§6); WEBSHOP_ORDER for the storefront, e.g. PHONE or EMAIL when staff enter it.',
  })
  source?: DataSource | null;
}

@InputType({ description: 'Change one product on an order: a new quantity, 0 to remove it, or a new product to add.' })
export class OrderLineChangeInput {
  @Field({ description: 'Product code (SKU) of the line.' }) productCode: string;
  @Field(() => Int, { description: 'New quantity; 0 removes the line.' }) quantity: number;
  @Field(() => String, { nullable: true, description: 'Product name; required when adding a product.' }) productName?: string | null;
  @Field(() => Int, { nullable: true, description: 'Unit price in cents; required when adding a product.' }) unitPriceCents?: number | null;
}

@InputType({ description: 'A change to an order; every part of it is written to the order history (§4.1).' })
export class ChangeOrderInput {
  @Field(() => ID, { description: 'The order to change.' }) orderId: string;
  @Field(() => OrderStatus, { nullable: true, description: 'New status.' }) status?: OrderStatus | null;
  @Field(() => [OrderLineChangeInput], { defaultValue: [], description: 'Line changes; only while the order is PLACED or PAID.' })
  lines: OrderLineChangeInput[];
  @Field(() => String, { nullable: true, description: 'Why, in a few words (no personal data, please).' }) note?: string | null;
}

@InputType({ description: 'Narrows an order list.' })
export class OrderFilter {
  @Field(() => [OrderStatus], { nullable: true, description: 'Only orders in these states.' }) status?: OrderStatus[] | null;
  @Field(() => Date, { nullable: true, description: 'Placed at or after this time.' }) placedFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Placed before this time.' }) placedBefore?: Date | null;
}
