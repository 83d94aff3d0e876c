import { or } from 'graphql-shield';
import type { PolicyMap } from '../../core/auth/policy';
import { customer, everyone, self, staff } from '../../core/auth/rules';
import type { ConsentEntryView, ConsentStateView } from './consents.types';

/*
 * Consents and cookie choices (§4.1, §10): the customer, customer service,
 * the privacy officer and marketing (who must know which channel is
 * permitted). Never a partner (§7.3) and never accounting.
 */
const staffReaders = staff('CUSTOMER_SERVICE', 'PRIVACY_OFFICER', 'MARKETING');

export const consentsPolicy: PolicyMap = {
  Mutation: {
    setMyConsents: customer,
    withdrawMyConsent: customer,
    recordConsent: staff('CUSTOMER_SERVICE'),
    // §10.2: a visitor chooses cookies before having any account.
    recordCookieChoices: everyone,
  },
  Customer: {
    consents: or(
      self<{ id: string }>('Customer', (customer) => customer.id),
      staffReaders,
    ),
    consentHistory: or(
      self<{ id: string }>('Customer', (customer) => customer.id),
      staffReaders,
    ),
  },
  ConsentState: or(
    self<ConsentStateView>('ConsentState', (state) => state.customerId),
    staffReaders,
  ),
  ConsentEntry: or(
    self<ConsentEntryView>('ConsentEntry', (entry) => entry.customerId),
    staffReaders,
  ),
};
