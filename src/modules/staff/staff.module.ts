import type { ModuleManifest } from '../../core/module';
import { STAFF_DATA_MAP } from './staff.data-map';
import { StaffUser } from './staff-user.entity';
import { StaffResolver } from './staff.resolver';
import { staffPolicy } from './staff.policy';

/** The staff module: what it brings to the application (assembled in src/app/modules.ts). */
export const staffModule: ModuleManifest = {
  name: 'staff',
  entities: [StaffUser],
  resolvers: [StaffResolver],
  policy: staffPolicy,
  dataMap: STAFF_DATA_MAP,
};
