import { copiesFromMap, type PersonalDataView } from '../../core/personal-data/read-guard';
import { CUSTOMERS_DATA_MAP } from './customers.data-map';
import { channelRefusals } from './customers.policy';
import type { AddressView, CustomerView } from './customers.types';

const CUSTOMER = CUSTOMERS_DATA_MAP.find((table) => table.table === 'customer')!;

/**
 * The customer row as staff read it (§8.11): each profile column follows the
 * map; `addresses` is restricted with 'addresses'; the orders, which repeat
 * name, address and contact data, only under a restriction of all processing.
 * Marketing gets only the contact field of a permitted channel (customers.policy.ts).
 */
export const customerReadView: PersonalDataView<CustomerView> = {
  typeName: 'Customer',
  customerIdOf: (customer) => customer.id,
  restrictedOf: (customer) => customer.restrictedFields,
  copies: {
    ...copiesFromMap(CUSTOMER, { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone' }),
    addresses: ['addresses'],
    orders: 'WHOLE',
  },
  refuse: (customer, principal) => channelRefusals(principal, customer.marketingChannels),
};

/** Addresses are reached only through Customer.addresses, which the restriction already withholds. */
export const addressReadView: PersonalDataView<AddressView> = {
  typeName: 'Address',
  customerIdOf: (address) => address.customerId,
  restrictedOf: () => null,
  copies: {},
};
