import type { PersonalDataView } from '../../core/personal-data/read-guard';
import { channelRefusals } from './customers.policy';
import type { AddressView, CustomerView } from './customers.types';

/**
 * The customer row as staff read it (§8.11): each profile field is restricted
 * with its own name; `addresses` with 'addresses'; the orders, which repeat
 * name, address and contact data, only under a restriction of all processing.
 * Marketing gets only the contact field of a permitted channel (customers.policy.ts).
 */
export const customerReadView: PersonalDataView<CustomerView> = {
  typeName: 'Customer',
  customerIdOf: (customer) => customer.id,
  restrictedOf: (customer) => customer.restrictedFields,
  copies: { firstName: ['firstName'], lastName: ['lastName'], email: ['email'], phone: ['phone'], addresses: ['addresses'], orders: 'WHOLE' },
  refuse: (customer, principal) => channelRefusals(principal, customer.marketingChannels),
};

/** Addresses are reached only through Customer.addresses, which the restriction already withholds. */
export const addressReadView: PersonalDataView<AddressView> = {
  typeName: 'Address',
  customerIdOf: (address) => address.customerId,
  restrictedOf: () => null,
  copies: {},
};
