import type { RetentionPolicy } from '../../core/retention/rules';

/*
 * The statement's clocks as numbers, in one place: the retention passes
 * enforce them, and the Art 30 record and the notice's §4 are checked
 * against them (test/rights/record-of-processing.test.ts). The shape is
 * core's (src/core/retention/rules.ts), since the modules' rules read it.
 */
export type { RetentionPolicy };

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { inactiveMonths: 24, loyaltyGraceDays: 30, requestWarningDays: 7 };
