import { registerEnumType } from 'type-graphql';
import { defineErrors } from '../../core/graphql/errors';
import { erasureRefusals } from '../erasure/erasure.errors';

/** Where a data-subject request (§8) cannot go from the state it is in. */
export const privacyRequestErrors = defineErrors(
  'privacy-requests',
  [
    'REQUEST_FOR_GUEST',
    'REQUEST_NOT_AWAITING_VERIFICATION',
    'REQUEST_TYPE_MISMATCH',
    'REQUEST_CUSTOMER_MISMATCH',
    'REQUEST_NOT_VERIFIED',
    'REQUEST_CLOSED',
    'REQUEST_ALREADY_EXTENDED',
    'REQUEST_NOT_OPEN',
    'REQUEST_NO_ADDRESS_FOR_LINK',
  ],
  {
    REQUEST_FOR_GUEST: 'This request acts on an account; it is about a guest e-mail address',
    REQUEST_NOT_AWAITING_VERIFICATION: 'The request is not awaiting verification',
    REQUEST_TYPE_MISMATCH: 'The request is of another type',
    REQUEST_CUSTOMER_MISMATCH: 'The request is about another customer',
    REQUEST_NOT_VERIFIED: "Verify the requester's identity first (§8.5)",
    REQUEST_CLOSED: 'The request is already closed',
    REQUEST_ALREADY_EXTENDED: 'A request can be extended only once',
    REQUEST_NOT_OPEN: 'The request is not open',
    REQUEST_NO_ADDRESS_FOR_LINK: 'The account has no e-mail address to send the confirmation link to (§8.5); contact customer service',
  },
);

/**
 * Why a request ended REFUSED (§8.7, Art 12(4)): PrivacyRequest.refusalCode, a GraphQL enum the storefront
 * and the admin panel branch on; refusalReason says it to the person in words. The request module's own
 * refusals are declared here; an erasure request refused by a blocker carries the erasure refusal code
 * itself (ERASURE_UNPAID_ORDER…, declared once in erasure.errors.ts), so the enum is these plus those.
 * The message is the default reason; the one who refuses may say more.
 */
export const privacyRequestRefusals = defineErrors(
  'privacy-requests',
  ['REQUEST_REFUSED_BY_STAFF', 'REQUEST_MANIFESTLY_UNFOUNDED', 'REQUEST_EXCESSIVE', 'REQUEST_IDENTITY_NOT_VERIFIED', 'REQUEST_OBJECTION_REJECTED', 'REQUEST_SUBJECT_ERASED'],
  {
    REQUEST_REFUSED_BY_STAFF: 'The privacy officer refused the request; the reason says why (§8.7)',
    REQUEST_MANIFESTLY_UNFOUNDED: 'The request is manifestly unfounded (GDPR Art 12(5))',
    REQUEST_EXCESSIVE: 'The request is excessive, in particular because it repeats (GDPR Art 12(5))',
    REQUEST_IDENTITY_NOT_VERIFIED: "The requester's identity could not be verified (§8.5, GDPR Art 12(6))",
    REQUEST_OBJECTION_REJECTED: 'Compelling legitimate grounds override the objection (§8.3, GDPR Art 21(1))',
    REQUEST_SUBJECT_ERASED: "Closed because the data it concerns was erased on the data subject's request (§8.7)",
  },
);

/** Every code a refused request can carry: the request module's own and the erasure refusals. */
export const PRIVACY_REQUEST_REFUSAL_CODES = [...privacyRequestRefusals.codes, ...erasureRefusals.codes] as const;
export type PrivacyRequestRefusalCode = (typeof PRIVACY_REQUEST_REFUSAL_CODES)[number];
export const PrivacyRequestRefusalCode = Object.freeze({ ...privacyRequestRefusals.enum, ...erasureRefusals.enum });

/** The codes a privacy officer may pick when refusing by hand (refusePrivacyRequest's `code`). */
export const STAFF_REFUSAL_CODES = ['REQUEST_REFUSED_BY_STAFF', 'REQUEST_MANIFESTLY_UNFOUNDED', 'REQUEST_EXCESSIVE', 'REQUEST_IDENTITY_NOT_VERIFIED'] as const;
export type StaffRefusalCode = (typeof STAFF_REFUSAL_CODES)[number];
export const StaffRefusalCode = Object.freeze(Object.fromEntries(STAFF_REFUSAL_CODES.map((c) => [c, c])) as { readonly [K in StaffRefusalCode]: K });

/** A stored code as the enum; a code no catalog declares is a bug, never something a client is shown. */
export function requestRefusalCodeOf(code: string | null): PrivacyRequestRefusalCode | null {
  if (code === null) return null;
  if (!privacyRequestRefusals.has(code) && !erasureRefusals.has(code)) throw new Error(`privacy_request.refusal_code holds an undeclared code ${code}`);
  return code;
}

registerEnumType(PrivacyRequestRefusalCode, {
  name: 'PrivacyRequestRefusalCode',
  description: 'Why a request was refused (§8.7): the client branches on this, and shows refusalReason to the person.',
  valuesConfig: {
    REQUEST_REFUSED_BY_STAFF: { description: 'Refused by the privacy officer without one of the more precise codes; refusalReason says why.' },
    REQUEST_MANIFESTLY_UNFOUNDED: { description: 'Manifestly unfounded (GDPR Art 12(5)).' },
    REQUEST_EXCESSIVE: { description: 'Excessive, in particular because it repeats (GDPR Art 12(5)).' },
    REQUEST_IDENTITY_NOT_VERIFIED: { description: "The requester's identity could not be verified (§8.5, GDPR Art 12(6))." },
    REQUEST_OBJECTION_REJECTED: { description: 'An objection rejected on compelling legitimate grounds (§8.3, GDPR Art 21(1)); processing resumes.' },
    REQUEST_SUBJECT_ERASED: { description: 'Closed by Rekisteri: the customer was erased, so there was nothing left to act on (§8.7, Art 12(4)).' },
    ERASURE_LEGAL_HOLD: { description: 'An erasure refused: the data is under a legal hold (§8.9).' },
    ERASURE_OPEN_ORDER: { description: 'An erasure refused: an order is not yet delivered.' },
    ERASURE_UNPAID_ORDER: { description: 'An erasure refused: an order is unpaid (§8.9).' },
  },
});

registerEnumType(StaffRefusalCode, {
  name: 'StaffRefusalCode',
  description: 'The refusal codes a privacy officer chooses from when refusing a request by hand (§8.7).',
  valuesConfig: {
    REQUEST_REFUSED_BY_STAFF: { description: 'No more precise code fits; refusalReason says why. The default.' },
    REQUEST_MANIFESTLY_UNFOUNDED: { description: 'Manifestly unfounded (GDPR Art 12(5)).' },
    REQUEST_EXCESSIVE: { description: 'Excessive, in particular because it repeats (GDPR Art 12(5)).' },
    REQUEST_IDENTITY_NOT_VERIFIED: { description: "The requester's identity could not be verified (§8.5, GDPR Art 12(6))." },
  },
});
