import type { ModuleManifest } from '../../core/module';
import { ErasureResolver } from './erasure.resolver';

/** The erasure module: what it brings to the application (assembled in src/app/modules.ts). */
export const erasureModule: ModuleManifest = {
  name: 'erasure',
  resolvers: [ErasureResolver],
};
