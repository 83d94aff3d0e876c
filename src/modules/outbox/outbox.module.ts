import type { ModuleManifest } from '../../core/module';
import { EmailMessage } from './email-message.entity';
import { OUTBOX_DATA_MAP } from './outbox.data-map';
import { outboxPersonalData } from './outbox.personal-data';

/** The e-mail outbox module: what it brings to the application (assembled in src/app/modules.ts). */
export const outboxModule: ModuleManifest = {
  name: 'outbox',
  entities: [EmailMessage],
  personalData: outboxPersonalData,
  dataMap: OUTBOX_DATA_MAP,
};
