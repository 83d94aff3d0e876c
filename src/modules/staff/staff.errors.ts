import { defineErrors } from '../../core/graphql/errors';

export const staffErrors = defineErrors('staff', ['STAFF_EMAIL_TAKEN', 'STAFF_SELF_LOCKOUT'], {
  STAFF_EMAIL_TAKEN: 'A staff user with this e-mail already exists',
  STAFF_SELF_LOCKOUT: 'You cannot lock yourself out of administration',
});
