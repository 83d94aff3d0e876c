import { defineErrors } from '../../core/graphql/errors';

/** What an order's state does not allow. */
export const orderErrors = defineErrors('orders', ['ORDER_NOT_EDITABLE', 'ORDER_STATUS_TRANSITION', 'ORDER_NOT_OPEN'], {
  ORDER_NOT_EDITABLE: 'The lines of this order cannot change any more',
  ORDER_STATUS_TRANSITION: 'The order cannot go to that status from its current one',
  ORDER_NOT_OPEN: 'The order is not open',
});
