import type { ModuleManifest } from '../../core/module';
import { processingRecordPolicy } from './processing-record.policy';
import { ProcessingRecordResolver } from './processing-record.resolver';

/** The Art 30 record of processing: owns no table, reads the map every module contributes. */
export const processingRecordModule: ModuleManifest = {
  name: 'processing-record',
  resolvers: [ProcessingRecordResolver],
  policy: processingRecordPolicy,
};
