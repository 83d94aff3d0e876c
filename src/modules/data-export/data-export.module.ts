import type { ModuleManifest } from '../../core/module';
import { DataExportResolver } from './data-export.resolver';
import { dataExportPolicy } from './data-export.policy';

/** The data-export module: what it brings to the application (assembled in src/app/modules.ts). */
export const dataExportModule: ModuleManifest = {
  name: 'data-export',
  resolvers: [DataExportResolver],
  policy: dataExportPolicy,
};
