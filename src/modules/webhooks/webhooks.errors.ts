import { defineErrors } from '../../core/graphql/errors';

export const webhookErrors = defineErrors('webhooks', ['WEBHOOK_DELIVERY_NOT_DEAD'], {
  WEBHOOK_DELIVERY_NOT_DEAD: 'Only a DEAD delivery can be retried',
});
