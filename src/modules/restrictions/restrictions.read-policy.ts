import { hasRole, type Principal } from '../../core/auth/principal';

/**
 * Who still reads restricted data (§8.11, GDPR Art 18), and on what basis.
 * Everyone else gets RESTRICTED for every column that holds or copies a
 * restricted profile field (the customer row, the billing and delivery copies
 * on orders, the delivery orders handed to couriers). This list is the only
 * place that grants an exception; the read guard asks it once per request.
 */
export const RESTRICTION_EXCEPTIONS: ReadonlyArray<{ who: string; basis: string; applies(principal: Principal): boolean }> = [
  {
    who: 'the customer themself',
    basis: 'Art 15 right of access: a restriction limits what the controller does with the data, not the data subject seeing it (§8.1)',
    applies: (principal) => principal.kind === 'CUSTOMER',
  },
  {
    who: 'PRIVACY_OFFICER',
    basis: 'Art 18(2) establishment, exercise or defence of legal claims, and handling the restriction request itself (Art 18(3), §8.8)',
    applies: (principal) => hasRole(principal, 'PRIVACY_OFFICER'),
  },
  {
    who: 'Rekisteri itself (scheduled jobs, the operator CLI)',
    basis: 'Art 18(2) storage, which a restriction allows; erasure and retention are not processing that the restriction stops (§8.9)',
    applies: (principal) => principal.kind === 'SYSTEM',
  },
];

export function restrictionApplies(principal: Principal): boolean {
  return !RESTRICTION_EXCEPTIONS.some((exception) => exception.applies(principal));
}
