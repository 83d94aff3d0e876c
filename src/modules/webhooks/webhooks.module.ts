import type { ModuleManifest } from '../../core/module';
import { PartnerWebhook, WebhookDelivery } from './webhook.entities';
import { WEBHOOKS_DATA_MAP } from './webhooks.data-map';
import { webhooksPolicy } from './webhooks.policy';
import { WebhooksResolver } from './webhooks.resolver';

/** Partner webhooks: what the module brings to the application (assembled in src/app/modules.ts). */
export const webhooksModule: ModuleManifest = {
  name: 'webhooks',
  entities: [PartnerWebhook, WebhookDelivery],
  resolvers: [WebhooksResolver],
  policy: webhooksPolicy,
  dataMap: WEBHOOKS_DATA_MAP,
};
