import type { RequestContext } from '../graphql/context';

/*
 * Retention rules as module contributions (issue 8 §6): the module that owns
 * the data keeps its clock (held-order expiry from orders, ended memberships
 * from loyalty, housekeeping from identity and partners, request deadlines
 * from privacy-requests, inactivity from customers). The retention engine
 * (src/modules/retention/retention.service.ts) loops over them, runs them in
 * batches, records the report and imports no domain's tables.
 */

/** The statement's clocks as numbers (§4.2, §4.3, §8.6), in one place. */
export interface RetentionPolicy {
  /** §4.2: two years unused. */
  inactiveMonths: number;
  /** §4.3: days the loyalty data stays after the membership ends. */
  loyaltyGraceDays: number;
  /** §8.6: flag requests due within this many days. */
  requestWarningDays: number;
}

/** What a pass did with one subject (or, for counted rules, one kind of row): kept ones give the reason. */
export interface RetentionItem {
  subjectId: string;
  /** KEPT, or what was (or in a dry run would be) done, e.g. ERASED, WOULD_DELETE_LOYALTY. */
  action: string;
  reason: string | null;
}

export interface RetentionPassOptions {
  now: Date;
  dryRun: boolean;
}

/** A slice of the uuid key space: keys > after and <= through. */
export interface KeyRange {
  after: string;
  through: string;
}

/** The nil uuid: the subject of items that count rows rather than name a subject. */
export const NO_SUBJECT = '00000000-0000-0000-0000-000000000000';

/**
 * One batch of a batched rule: the next `size` subjects of `range` after
 * `range.after`, handled; the last key seen (the next batch starts after it)
 * and how many rows the batch query found. Idempotent: what a batch handled
 * no longer matches its query, so a crashed pass resumes by running again.
 */
export type RetentionBatch = (
  ctx: RequestContext,
  range: KeyRange,
  size: number,
  options: RetentionPassOptions,
  policy: RetentionPolicy,
) => Promise<{ items: RetentionItem[]; last: string | null; fetched: number }>;

export type RetentionRuleContribution =
  | {
      /** The rule's code (RetentionRule in the retention module). Several modules may contribute to one code. */
      rule: string;
      /** Batched over the owning table's uuid keys. */
      batch: RetentionBatch;
    }
  | {
      rule: string;
      /** Counted in one go (no subjects named): e.g. expired sessions. */
      sweep: (ctx: RequestContext, options: RetentionPassOptions, policy: RetentionPolicy) => Promise<RetentionItem[]>;
    };

/**
 * A reason for the §4.2 inactivity pass to keep an unused customer that is not
 * an erasure blocker (a request may erase them, the clock may not): an active
 * loyalty membership (§4.3), an open privacy request (§8). Contributed by the
 * module that owns the data it looks at.
 */
export interface InactivityKeeper {
  /** The keep reason the report records, e.g. "ACTIVE_LOYALTY_MEMBERSHIP (§4.3)". */
  keepReason: string;
  /** SQL true when the customer whose id is `customerIdSql` is kept; `nowSql` is the pass's time as a SQL expression. */
  keptSql(customerIdSql: string, nowSql: string): string;
}
