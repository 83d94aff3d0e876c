import type { ModuleManifest } from '../../core/module';
import { LEGAL_HOLDS_DATA_MAP } from './legal-holds.data-map';
import { legalHoldBlocksErasure } from './legal-holds.erasure-blockers';
import { LegalHold } from './legal-hold.entity';
import { LegalHoldResolver } from './legal-holds.resolver';
import { legalHoldsPersonalData } from './legal-holds.personal-data';

/** The legal-holds module: what it brings to the application (assembled in src/app/modules.ts). */
export const legalHoldsModule: ModuleManifest = {
  name: 'legal-holds',
  entities: [LegalHold],
  resolvers: [LegalHoldResolver],
  personalData: legalHoldsPersonalData,
  dataMap: LEGAL_HOLDS_DATA_MAP,
  erasureBlockers: [legalHoldBlocksErasure],
};
