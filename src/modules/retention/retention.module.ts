import type { ModuleManifest } from '../../core/module';
import { RETENTION_DATA_MAP } from './retention.data-map';
import { RetentionRun, RetentionRunItem } from './retention-run.entity';

/** The retention module: what it brings to the application (assembled in src/app/modules.ts). */
export const retentionModule: ModuleManifest = {
  name: 'retention',
  entities: [RetentionRun, RetentionRunItem],
  dataMap: RETENTION_DATA_MAP,
};
