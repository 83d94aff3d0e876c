import { defineErrors } from '../../core/graphql/errors';

/** Sign-up, sign-in and session codes; UNAUTHENTICATED and FORBIDDEN are core's. */
export const identityErrors = defineErrors('identity', ['SIGNUP_THROTTLED', 'LOGIN_THROTTLED', 'LOGIN_FAILED', 'REAUTHENTICATION_REQUIRED'], {
  SIGNUP_THROTTLED: 'Too many sign-ups from this address. Wait a while and try again.',
  LOGIN_THROTTLED: 'Too many failed sign-ins. Wait a while and try again.',
  LOGIN_FAILED: 'E-mail or password is wrong',
  REAUTHENTICATION_REQUIRED: 'Enter your password again (reauthenticate) to continue',
});
