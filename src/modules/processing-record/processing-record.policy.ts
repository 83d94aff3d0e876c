import type { PolicyMap } from '../../core/auth/policy';
import { staff } from '../../core/auth/rules';

/** Art 30: the record is the privacy officer's (it names every processor and category). */
export const processingRecordPolicy: PolicyMap = {
  Query: { recordOfProcessing: staff('PRIVACY_OFFICER') },
};
