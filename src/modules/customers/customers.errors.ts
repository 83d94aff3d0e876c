import { defineErrors } from '../../core/graphql/errors';

export const customerErrors = defineErrors('customers', ['CUSTOMER_EMAIL_TAKEN'], {
  CUSTOMER_EMAIL_TAKEN: 'A customer with this e-mail address already exists',
});
