import { copiesFromMap, type PersonalDataView } from '../../core/personal-data/read-guard';
import type { DeliveryOrderView } from '../partners/partners.types';
import { ORDERS_DATA_MAP } from './orders.data-map';
import type { OrderView } from './orders.types';

/*
 * placeOrder copies the customer's name, contact data and address onto the
 * order (billing, delivery), and the courier receives the delivery copy
 * (§7.4). The map says which customer_order column copies which profile field
 * (copyOf), so a restriction of those fields (§8.11) reaches these copies too.
 */
const CUSTOMER_ORDER = ORDERS_DATA_MAP.find((table) => table.table === 'customer_order')!;

const party = (prefix: 'billing' | 'delivery') =>
  copiesFromMap(CUSTOMER_ORDER, {
    name: `${prefix}_name`,
    email: `${prefix}_email`,
    phone: `${prefix}_phone`,
    line1: `${prefix}_line1`,
    line2: `${prefix}_line2`,
    postalCode: `${prefix}_postal_code`,
    city: `${prefix}_city`,
    countryCode: `${prefix}_country_code`,
  });

/** An order as staff and partners read it: the billing and delivery copies follow the customer's restriction. */
export const orderReadView: PersonalDataView<OrderView> = {
  typeName: 'Order',
  customerIdOf: (order) => order.customerId,
  restrictedOf: (order) => order.restrictedFields,
  copies: {},
  nested: { billing: party('billing'), delivery: party('delivery') },
};

/** What a courier receives (§7.4): the same delivery copies, so a restriction reaches the courier too. */
export const deliveryOrderReadView: PersonalDataView<DeliveryOrderView> = {
  typeName: 'DeliveryOrder',
  customerIdOf: (order) => order.customerId,
  restrictedOf: (order) => order.restrictedFields,
  copies: copiesFromMap(CUSTOMER_ORDER, {
    recipientName: 'delivery_name',
    phone: 'delivery_phone',
    line1: 'delivery_line1',
    line2: 'delivery_line2',
    postalCode: 'delivery_postal_code',
    city: 'delivery_city',
    countryCode: 'delivery_country_code',
  }),
};
