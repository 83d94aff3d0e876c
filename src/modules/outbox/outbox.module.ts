import type { ModuleManifest } from '../../core/module';
import { EmailMessage } from './email-message.entity';
import { OUTBOX_DATA_MAP } from './outbox.data-map';
import { outboxPersonalData } from './outbox.personal-data';
import { outboxPolicy } from './outbox.policy';
import { OutboxResolver } from './outbox.resolver';

/** The e-mail outbox module: what it brings to the application (assembled in src/app/modules.ts). */
export const outboxModule: ModuleManifest = {
  name: 'outbox',
  entities: [EmailMessage],
  resolvers: [OutboxResolver],
  policy: outboxPolicy,
  personalData: outboxPersonalData,
  dataMap: OUTBOX_DATA_MAP,
};
