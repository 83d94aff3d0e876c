/*
 * The statement's clocks as numbers, in one place: the retention passes
 * enforce them, and the Art 30 record and the notice's §4 are checked
 * against them (test/rights/record-of-processing.test.ts).
 */
export interface RetentionPolicy {
  /** §4.2: two years unused. */
  inactiveMonths: number;
  /** §4.3: days the loyalty data stays after the membership ends. */
  loyaltyGraceDays: number;
  /** §8.6: flag requests due within this many days. */
  requestWarningDays: number;
}

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { inactiveMonths: 24, loyaltyGraceDays: 30, requestWarningDays: 7 };
