import type { ModuleManifest } from '../../core/module';
import { RECTIFICATION_DATA_MAP } from './rectification.data-map';
import { Rectification } from './rectification.entity';
import { RectificationResolver } from './rectification.resolver';
import { rectificationPolicy } from './rectification.policy';
import { rectificationPersonalData } from './rectification.personal-data';

/** The rectification module: what it brings to the application (assembled in src/app/modules.ts). */
export const rectificationModule: ModuleManifest = {
  name: 'rectification',
  entities: [Rectification],
  resolvers: [RectificationResolver],
  policy: rectificationPolicy,
  personalData: rectificationPersonalData,
  dataMap: RECTIFICATION_DATA_MAP,
};
