import { coreErrors } from '../graphql/errors';
/**
 * Who is calling. Every request carries exactly one principal; outside callers
 * without credentials are ANONYMOUS. Policies and services decide on this
 * alone, never on raw headers.
 */
export type StaffRole = 'CUSTOMER_SERVICE' | 'MARKETING' | 'ACCOUNTING' | 'PRIVACY_OFFICER' | 'ADMIN';
export const STAFF_ROLES: readonly StaffRole[] = ['CUSTOMER_SERVICE', 'MARKETING', 'ACCOUNTING', 'PRIVACY_OFFICER', 'ADMIN'];

export type PartnerKind = 'LOGISTICS' | 'ACCOUNTING' | 'PAYMENT' | 'IT';

/** What a partner token may do (§7.4: only what the service needs). */
export type PartnerScope = 'ORDERS_DELIVERY' | 'ORDERS_DELIVERY_STATUS' | 'ORDERS_ACCOUNTING';
export const PARTNER_SCOPES: readonly PartnerScope[] = ['ORDERS_DELIVERY', 'ORDERS_DELIVERY_STATUS', 'ORDERS_ACCOUNTING'];
export const PARTNER_KINDS: readonly PartnerKind[] = ['LOGISTICS', 'ACCOUNTING', 'PAYMENT', 'IT'];

export type Principal =
  | { kind: 'ANONYMOUS' }
  | { kind: 'CUSTOMER'; customerId: string; sessionId: string | null }
  | { kind: 'STAFF'; staffId: string; roles: readonly StaffRole[]; sessionId?: string | null }
  | { kind: 'PARTNER'; partnerId: string; partnerKind: PartnerKind; tokenId: string; scopes: readonly PartnerScope[] }
  /** Rekisteri itself: scheduled jobs, the operator CLI, the demo loader. Never reachable over HTTP. */
  | { kind: 'SYSTEM'; job: string };

export const ANONYMOUS: Principal = { kind: 'ANONYMOUS' };

export function hasRole(principal: Principal, ...roles: StaffRole[]): boolean {
  return principal.kind === 'STAFF' && principal.roles.some((role) => roles.includes(role));
}

export function hasScope(principal: Principal, scope: PartnerScope): boolean {
  return principal.kind === 'PARTNER' && principal.scopes.includes(scope);
}

/**
 * The signed-in customer's id, for storefront operations on "my" data. The
 * policies already admit only customers there; this is the typed unwrap.
 */
export function signedInCustomerId(principal: Principal): string {
  if (principal.kind !== 'CUSTOMER') throw coreErrors.error('FORBIDDEN', { message: 'Only a signed-in customer can do this' });
  return principal.customerId;
}
