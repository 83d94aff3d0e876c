import { defineErrors } from '../../core/graphql/errors';

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
  },
);
