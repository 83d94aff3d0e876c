import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderStatus } from '../orders/order.entity';
import { PartnerKindEnum } from './partner.entity';

export enum PartnerScopeEnum {
  ORDERS_DELIVERY = 'ORDERS_DELIVERY',
  ORDERS_DELIVERY_STATUS = 'ORDERS_DELIVERY_STATUS',
  ORDERS_ACCOUNTING = 'ORDERS_ACCOUNTING',
}

registerEnumType(PartnerScopeEnum, {
  name: 'PartnerScope',
  description: 'What a partner token may reach (§7.4: only what the service needs; never consents or marketing, §7.3).',
  valuesConfig: {
    ORDERS_DELIVERY: { description: 'Logistics: orders assigned to the partner, with recipient, delivery address, phone and lines only.' },
    ORDERS_DELIVERY_STATUS: { description: 'Logistics: report SHIPPED / DELIVERED on assigned orders.' },
    ORDERS_ACCOUNTING: { description: 'Accounting: orders, lines, totals and billing details.' },
  },
});

@ObjectType('PartnerToken', { description: 'An API token of a partner, without its secret.' })
export class PartnerTokenView {
  @Field(() => ID, { description: 'Stable id (UUID); revoke by this id.' }) id: string;
  @Field({ description: 'The first characters of the token, to recognise it.' }) displayPrefix: string;
  @Field(() => [PartnerScopeEnum], { description: 'What the token may reach.' }) scopes: PartnerScopeEnum[];
  @Field(() => Date, { description: 'When the token stops working.' }) expiresAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the token was revoked; null while valid.' }) revokedAt: Date | null;
  @Field(() => Date, { description: 'When the token was issued.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Last request made with it (to the minute); null if never used.' }) lastUsedAt: Date | null;
}

@ObjectType('Partner', { description: 'A processor or recipient in the processor register (§7.2, §7.4), always inside the EU/EEA (§7.6).' })
export class PartnerView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field({ description: 'Company name.' }) name: string;
  @Field(() => PartnerKindEnum, { description: 'What the partner does.' }) kind: PartnerKindEnum;
  @Field({ description: 'ISO 3166-1 alpha-2 country, always EU/EEA.' }) countryCode: string;
  @Field({ description: 'The data-processing agreement (§7.2).' }) contractReference: string;
  @Field({ description: 'False once the partner is deactivated: its tokens stop working.' }) active: boolean;
  @Field(() => Date, { description: 'When the partner was registered.' }) createdAt: Date;
}

@ObjectType('IssuedPartnerToken', { description: 'A new partner token. The secret is shown only this once; store it in the partner system.' })
export class IssuedPartnerToken {
  @Field({ description: 'The secret token (rk_…): send it as `Authorization: Bearer <token>`.' }) token: string;
  @Field(() => PartnerTokenView, { description: 'The token as it will be listed.' }) info: PartnerTokenView;
}

@InputType({ description: 'A new partner in the processor register.' })
export class RegisterPartnerInput {
  @Field({ description: 'Company name.' }) name: string;
  @Field(() => PartnerKindEnum, { description: 'What the partner does.' }) kind: PartnerKindEnum;
  @Field({ description: 'ISO 3166-1 alpha-2 country; must be in the EU/EEA (§7.6).' }) countryCode: string;
  @Field({ description: 'Reference of the data-processing agreement (§7.2).' }) contractReference: string;
}

@InputType({ description: 'A new token for a partner.' })
export class IssuePartnerTokenInput {
  @Field(() => ID, { description: 'The partner.' }) partnerId: string;
  @Field(() => [PartnerScopeEnum], { description: 'Scopes; each must fit the partner kind.' }) scopes: PartnerScopeEnum[];
  @Field(() => Int, { defaultValue: 90, description: 'Days until the token expires, 1–365.' }) expiresInDays: number;
}

@ObjectType('DeliveryLine', { description: 'A product to pack.' })
export class DeliveryLineView {
  orderId: string;
  @Field({ description: 'Product code (SKU).' }) productCode: string;
  @Field({ description: 'Product name.' }) productName: string;
  @Field(() => Int, { description: 'How many.' }) quantity: number;
}

@ObjectType('DeliveryOrder', {
  description: 'An order handed to a logistics partner, with only what delivery needs (§7.4): recipient, address, phone for the courier and the lines to pack.',
})
export class DeliveryOrderView {
  /** Not exposed: for the audit of what was disclosed about whom. */
  customerId: string | null;
  /** Not exposed: the restriction in force on the customer, for the read guard (§8.11). */
  restrictedFields?: string[] | null;
  @Field(() => ID, { description: 'Order id; report status with it.' }) id: string;
  @Field({ description: 'Order number on the parcel.' }) orderNumber: string;
  @Field(() => OrderStatus, { description: 'Current status.' }) status: OrderStatus;
  @Field(() => String, { nullable: true, description: 'Recipient name.' }) recipientName: string | null;
  @Field(() => String, { nullable: true, description: 'Street address.' }) line1: string | null;
  @Field(() => String, { nullable: true, description: 'Second address line.' }) line2: string | null;
  @Field(() => String, { nullable: true, description: 'Postal code.' }) postalCode: string | null;
  @Field(() => String, { nullable: true, description: 'City.' }) city: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country.' }) countryCode: string | null;
  @Field(() => String, { nullable: true, description: 'Phone for the courier (E.164).' }) phone: string | null;
  @Field(() => Date, { description: 'When the order was handed over.' }) assignedAt: Date;
}
