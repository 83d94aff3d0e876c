import type { PolicyMap } from '../../core/auth/policy';
import { staff } from '../../core/auth/rules';

/** The partner register's endpoints and their delivery list are the admins' (§7.2): no customer data in them. */
export const webhooksPolicy: PolicyMap = {
  Query: {
    partnerWebhook: staff('ADMIN'),
    webhookDeliveries: staff('ADMIN'),
  },
  Mutation: {
    setPartnerWebhook: staff('ADMIN'),
    removePartnerWebhook: staff('ADMIN'),
    retryWebhookDelivery: staff('ADMIN'),
  },
  PartnerWebhook: staff('ADMIN'),
  PartnerWebhookSecret: staff('ADMIN'),
  WebhookDelivery: staff('ADMIN'),
};
