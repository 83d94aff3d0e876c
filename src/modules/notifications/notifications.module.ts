import type { ModuleManifest } from '../../core/module';
import { NOTIFICATIONS_DATA_MAP } from './notifications.data-map';
import { PartnerNotice } from './partner-notice.entity';
import { CustomerNotice } from './customer-notice.entity';
import { NotificationsResolver } from './notifications.resolver';
import { notificationsPersonalData } from './notifications.personal-data';

/** The notifications module: what it brings to the application (assembled in src/app/modules.ts). */
export const notificationsModule: ModuleManifest = {
  name: 'notifications',
  entities: [PartnerNotice, CustomerNotice],
  resolvers: [NotificationsResolver],
  personalData: notificationsPersonalData,
  dataMap: NOTIFICATIONS_DATA_MAP,
};
