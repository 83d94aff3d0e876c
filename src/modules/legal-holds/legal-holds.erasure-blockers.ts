import { execute } from '../../core/db/sql';
import type { ErasureBlocker } from '../../core/personal-data/registry';
import { erasureRefusals } from '../erasure/erasure.errors';

/** §8.9: while a legal hold is in force nothing is erased; the refusal gives the hold's reason. */
export const legalHoldBlocksErasure: ErasureBlocker = {
  keepReason: 'LEGAL_HOLD (§8.9)',
  blockedSql: (customerIdSql) => `exists (select 1 from legal_hold h where h.customer_id = ${customerIdSql} and h.released_at is null)`,
  async refusal(em, customerId) {
    const holds = await execute<{ reason: string }>(em, 'select reason from legal_hold where customer_id = ?::uuid and released_at is null order by placed_at', [customerId]);
    if (holds.length === 0) return null;
    return { code: erasureRefusals.enum.ERASURE_LEGAL_HOLD, reason: `${erasureRefusals.messages.ERASURE_LEGAL_HOLD}: ${holds.map((h) => h.reason).join('; ')}` };
  },
};
