import type { CopyOf, PersonalDataView, RestrictableField } from '../../core/personal-data/read-guard';
import type { DeliveryOrderView } from '../partners/partners.types';
import type { OrderView } from './orders.types';

/**
 * Which customer_order columns copy which customer profile field (the
 * personal-data map's copyOf, §4.1): placeOrder copies the name, contact data
 * and address onto the order, so a restriction of those fields (§8.11) covers
 * these copies too.
 */
export const CUSTOMER_ORDER_COPIES: Readonly<Record<string, readonly RestrictableField[]>> = Object.fromEntries(
  (['billing', 'delivery'] as const).flatMap((prefix) => [
    [`${prefix}_name`, ['firstName', 'lastName']],
    [`${prefix}_email`, ['email']],
    [`${prefix}_phone`, ['phone']],
    [`${prefix}_line1`, ['addresses']],
    [`${prefix}_line2`, ['addresses']],
    [`${prefix}_postal_code`, ['addresses']],
    [`${prefix}_city`, ['addresses']],
    [`${prefix}_country_code`, ['addresses']],
  ]),
);

/** GraphQL field → the column it reads, for the views below. */
const PARTY_FIELDS = { name: 'name', email: 'email', phone: 'phone', line1: 'line1', line2: 'line2', postalCode: 'postal_code', city: 'city', countryCode: 'country_code' };
const DELIVERY_ORDER_FIELDS = {
  recipientName: 'delivery_name',
  phone: 'delivery_phone',
  line1: 'delivery_line1',
  line2: 'delivery_line2',
  postalCode: 'delivery_postal_code',
  city: 'delivery_city',
  countryCode: 'delivery_country_code',
};

function copiesOf(fields: Record<string, string>, prefix = ''): Record<string, CopyOf> {
  const copies: Record<string, CopyOf> = {};
  for (const [field, column] of Object.entries(fields)) {
    const copyOf = CUSTOMER_ORDER_COPIES[`${prefix}${column}`];
    if (!copyOf) throw new Error(`customer_order.${prefix}${column} is read as ${field} but the map names no profile field it copies`);
    copies[field] = copyOf;
  }
  return copies;
}

/** An order as staff and partners read it: the billing and delivery copies follow the customer's restriction. */
export const orderReadView: PersonalDataView<OrderView> = {
  typeName: 'Order',
  customerIdOf: (order) => order.customerId,
  restrictedOf: (order) => order.restrictedFields,
  copies: {},
  nested: { billing: copiesOf(PARTY_FIELDS, 'billing_'), delivery: copiesOf(PARTY_FIELDS, 'delivery_') },
};

/** What a courier receives (§7.4): the same delivery copies, so a restriction reaches the courier too. */
export const deliveryOrderReadView: PersonalDataView<DeliveryOrderView> = {
  typeName: 'DeliveryOrder',
  customerIdOf: (order) => order.customerId,
  restrictedOf: (order) => order.restrictedFields,
  copies: copiesOf(DELIVERY_ORDER_FIELDS),
};
