import { randomUUID } from 'node:crypto';
import { execute } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import type { DataSubject } from '../../core/personal-data/registry';
import type { RetentionBatch, RetentionItem, RetentionRuleContribution } from '../../core/retention/rules';
import { eraseSubjects } from '../erasure/erasure.service';
import { addCalendarMonths } from '../privacy-requests/privacy-requests.service';
import { recordSystemErasures } from '../privacy-requests/privacy-requests.retention-rules';
import { RetentionRule } from '../retention/retention-run.entity';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmailBatch, type BatchEmail } from '../outbox/outbox.service';

/*
 * §4.2: customers with no activity for two years are erased, unless a basis
 * to keep them exists. The reasons to keep are contributions: every erasure
 * blocker (legal holds, unpaid and undelivered orders: the very definitions
 * an erasure request refuses with, §8.7, §8.9) and the inactivity keepers
 * (an active membership §4.3, an open request §8), each from the module that
 * owns the data. This module names none of their tables.
 */

interface Candidate {
  customerId: string;
  email: string | null;
  language?: 'FI' | 'EN';
  [reason: `keep${number}`]: boolean;
}

/** The pass's reasons to keep, in report order: the erasure blockers (legal holds first), then the keepers. */
function keepRules(ctx: RequestContext): { keepReason: string; sql: (customerIdSql: string, nowSql: string) => string }[] {
  return [
    ...ctx.contributions.erasureBlockers.map((b) => ({ keepReason: b.keepReason, sql: (id: string) => b.blockedSql(id) })),
    ...ctx.contributions.inactivityKeepers.map((k) => ({ keepReason: k.keepReason, sql: k.keptSql })),
  ];
}

/** The keep reasons as select columns over alias c; the pass's time is a literal from a Date (no user input). */
function keepColumnsSql(ctx: RequestContext, now: Date): string {
  const nowSql = `'${now.toISOString()}'::timestamptz`;
  return keepRules(ctx)
    .map((rule, i) => `${rule.sql('c.id', nowSql)} as "keep${i}"`)
    .join(',\n  ');
}

function keepReasons(ctx: RequestContext, row: Candidate): string[] {
  return keepRules(ctx).flatMap((rule, i) => (row[`keep${i}`] ? [rule.keepReason] : []));
}

/**
 * A batch is erased in ONE transaction with set-based SQL through the same
 * registry the rights use: the batch's rows are locked and the reasons to
 * keep re-checked under the lock, so a customer who signed in or ordered a
 * moment ago is not erased. Each erased customer gets a SYSTEM erasure
 * request holding the answer, as any erasure does.
 */
const inactiveCustomers: RetentionBatch = async (ctx, range, size, options, policy) => {
  const cutoff = addCalendarMonths(options.now, -policy.inactiveMonths);
  const candidates = await execute<Candidate>(
    ctx.em,
    `select c.id as "customerId", c.email, ${keepColumnsSql(ctx, options.now)}
     from customer c where c.last_activity_at < ? and c.id > ?::uuid and c.id <= ?::uuid order by c.id limit ${size}`,
    [cutoff, range.after, range.through],
  );
  const last = candidates.at(-1)?.customerId ?? null;
  if (options.dryRun) {
    return {
      items: candidates.map((row) => {
        const reasons = keepReasons(ctx, row);
        return reasons.length > 0
          ? { subjectId: row.customerId, action: 'KEPT', reason: reasons.join('; ') }
          : { subjectId: row.customerId, action: 'WOULD_ERASE', reason: 'UNUSED_TWO_YEARS (§4.2)' };
      }),
      last,
      fetched: candidates.length,
    };
  }
  const items = await ctx.em.transactional(async (em) => {
    const locked = await execute<Candidate>(
      em,
      `select c.id as "customerId", c.email, c.language, ${keepColumnsSql(ctx, options.now)}
       from customer c where c.id = any(?::uuid[]) and c.last_activity_at < ? order by c.id for update of c`,
      [`{${candidates.map((c) => c.customerId).join(',')}}`, cutoff],
    );
    const batchItems: RetentionItem[] = [];
    const erasable: DataSubject[] = [];
    const receiptTo = new Map<string, { address: string; language: 'FI' | 'EN' }>();
    for (const row of locked) {
      const reasons = keepReasons(ctx, row);
      if (reasons.length > 0) batchItems.push({ subjectId: row.customerId, action: 'KEPT', reason: reasons.join('; ') });
      else {
        erasable.push({ customerId: row.customerId, email: row.email });
        if (row.email) receiptTo.set(row.customerId, { address: row.email, language: row.language ?? 'FI' });
      }
    }
    if (erasable.length === 0) return batchItems;
    const outcomes = await eraseSubjects({ ...ctx, em }, erasable, options.now);
    const erasures = erasable.map((subject) => {
      const requestId = randomUUID();
      return {
        requestId,
        customerId: subject.customerId,
        // The categories without their legal-basis prose (the same for everyone and in the
        // registry): the stored answer stays small at a million rows.
        result: {
          status: 'ERASED',
          requestId,
          customerId: subject.customerId,
          refusalReason: null,
          refusalCode: null,
          categories: (outcomes.get(subject.customerId) ?? []).map(({ category, outcome, count, retainedUntil }) => ({
            category,
            outcome,
            count,
            retainedUntil,
            legalBasis: null,
          })),
          decidedAt: options.now,
        },
      };
    });
    await recordSystemErasures(em, erasures, options.now, { method: 'retention rule §4.2', note: 'Unused for two years (§4.2)' });
    // Issue 11 "erasure done (sent, then the address goes)", as for an erasure on request: the
    // receipt goes to the address as it was, copied into the outbox in this transaction (the
    // customer row no longer has it), and the outbox forgets it once sent (§4.2, §8.7).
    await enqueueEmailBatch(
      em,
      EmailKind.ERASURE_DONE,
      erasures.flatMap(({ requestId, customerId, result }): BatchEmail[] => {
        const to = receiptTo.get(customerId);
        if (!to) return [];
        const retained = result.categories.filter((c) => c.outcome === 'RETAINED').map((c) => `${c.category}${c.retainedUntil ? ` (${c.retainedUntil})` : ''}`);
        const params: Record<string, string> = retained.length > 0 ? { retained: retained.join('; ') } : {};
        return [{ customerId, address: to.address, language: to.language, requestId, params }];
      }),
      options.now,
    );
    for (const subject of erasable) batchItems.push({ subjectId: subject.customerId, action: 'ERASED', reason: 'UNUSED_TWO_YEARS (§4.2)' });
    return batchItems;
  });
  return { items, last, fetched: candidates.length };
};

export const CUSTOMERS_RETENTION_RULES: readonly RetentionRuleContribution[] = [{ rule: RetentionRule.INACTIVE_CUSTOMERS, batch: inactiveCustomers }];
