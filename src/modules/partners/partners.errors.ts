import { defineErrors } from '../../core/graphql/errors';

/** Partner registry codes: the EU/EEA rule (§7.6), the scopes a kind may hold (§7.4). */
export const partnerErrors = defineErrors('partners', ['PARTNER_OUTSIDE_EEA', 'PARTNER_NAME_TAKEN', 'PARTNER_INACTIVE', 'PARTNER_SCOPE_NOT_ALLOWED', 'PARTNER_NOT_LOGISTICS'], {
  PARTNER_OUTSIDE_EEA: 'Personal data is not transferred outside the EU/EEA (§7.6)',
  PARTNER_NAME_TAKEN: 'A partner with this name is already registered',
  PARTNER_INACTIVE: 'This partner is deactivated',
  PARTNER_SCOPE_NOT_ALLOWED: 'This kind of partner cannot hold that scope (§7.4)',
  PARTNER_NOT_LOGISTICS: 'Orders can be handed only to an active logistics partner',
});
