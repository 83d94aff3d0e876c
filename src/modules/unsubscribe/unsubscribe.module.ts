import type { ModuleManifest } from '../../core/module';
import { UnsubscribeResolver } from './unsubscribe.resolver';
import { unsubscribePolicy } from './unsubscribe.policy';

/** The unsubscribe module: what it brings to the application (assembled in src/app/modules.ts). */
export const unsubscribeModule: ModuleManifest = {
  name: 'unsubscribe',
  resolvers: [UnsubscribeResolver],
  policy: unsubscribePolicy,
};
