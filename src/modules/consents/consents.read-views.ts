import type { PersonalDataView } from '../../core/personal-data/read-guard';
import type { ConsentEntryView, ConsentStateView } from './consents.types';

/** Consents copy no profile field; their reads are audited per customer (§9.2). */
export const consentStateReadView: PersonalDataView<ConsentStateView> = {
  typeName: 'ConsentState',
  customerIdOf: (state) => state.customerId,
  restrictedOf: () => null,
  copies: {},
};

export const consentEntryReadView: PersonalDataView<ConsentEntryView> = {
  typeName: 'ConsentEntry',
  customerIdOf: (entry) => entry.customerId,
  restrictedOf: () => null,
  copies: {},
};
