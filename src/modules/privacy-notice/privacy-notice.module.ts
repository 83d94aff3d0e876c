import type { ModuleManifest } from '../../core/module';
import { PRIVACY_NOTICE_DATA_MAP } from './privacy-notice.data-map';
import { PrivacyNotice } from './privacy-notice.entity';
import { PrivacyNoticeResolver } from './privacy-notice.resolver';
import { privacyNoticePolicy } from './privacy-notice.policy';

/** The privacy-notice module: what it brings to the application (assembled in src/app/modules.ts). */
export const privacyNoticeModule: ModuleManifest = {
  name: 'privacy-notice',
  entities: [PrivacyNotice],
  resolvers: [PrivacyNoticeResolver],
  policy: privacyNoticePolicy,
  dataMap: PRIVACY_NOTICE_DATA_MAP,
};
