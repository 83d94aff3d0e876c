import type { ModuleManifest } from '../../core/module';
import { LegalHold } from './legal-hold.entity';
import { LegalHoldResolver } from './legal-holds.resolver';

/** The legal-holds module: what it brings to the application (assembled in src/app/modules.ts). */
export const legalHoldsModule: ModuleManifest = {
  name: 'legal-holds',
  entities: [LegalHold],
  resolvers: [LegalHoldResolver],
};
