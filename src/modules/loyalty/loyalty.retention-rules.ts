import { execute } from '../../core/db/sql';
import type { InactivityKeeper, RetentionBatch, RetentionRuleContribution } from '../../core/retention/rules';
import { auditChanges } from '../audit/audit.collector';
import { legalHoldBlocksErasure } from '../legal-holds/legal-holds.erasure-blockers';
import { RetentionRule } from '../retention/retention-run.entity';

/** §4.3: a membership that ended (or whose validity passed) more than the grace period ago. */
const loyaltyEnded: RetentionBatch = async (ctx, range, size, options, policy) => {
  const cutoff = new Date(options.now.getTime() - policy.loyaltyGraceDays * 86_400_000);
  const rows = await execute<{ id: string; customerId: string; hold: boolean }>(
    ctx.em,
    `select m.id, m.customer_id as "customerId",
       ${legalHoldBlocksErasure.blockedSql('m.customer_id')} as hold
     from loyalty_membership m
     where coalesce(m.ended_at, m.valid_until) < ? and m.id > ?::uuid and m.id <= ?::uuid order by m.id limit ${size}`,
    [cutoff, range.after, range.through],
  );
  // §8.9: a legal hold keeps the membership too (the legal-holds module's one definition).
  const gone = rows.filter((row) => !row.hold);
  if (gone.length > 0 && !options.dryRun) {
    await ctx.em.transactional(async (em) => {
      await execute(em, 'delete from loyalty_membership where id = any(?::uuid[])', [`{${gone.map((r) => r.id).join(',')}}`]);
      await auditChanges(
        em,
        ctx.principal,
        { requestId: ctx.requestId, at: options.now, operation: 'retention:loyalty' },
        gone.map((r) => r.customerId),
        ['Customer.loyalty'],
      );
    });
  }
  const items = rows.map((row) =>
    row.hold
      ? { subjectId: row.customerId, action: 'KEPT', reason: legalHoldBlocksErasure.keepReason }
      : { subjectId: row.customerId, action: options.dryRun ? 'WOULD_DELETE_LOYALTY' : 'DELETED_LOYALTY', reason: 'MEMBERSHIP_ENDED (§4.3)' },
  );
  return { items, last: rows.at(-1)?.id ?? null, fetched: rows.length };
};

export const LOYALTY_RETENTION_RULES: readonly RetentionRuleContribution[] = [{ rule: RetentionRule.LOYALTY_ENDED, batch: loyaltyEnded }];

/** §4.2 "unless there is another basis": a valid membership keeps an unused account (§4.3). */
export const activeMembershipKeepsCustomer: InactivityKeeper = {
  keepReason: 'ACTIVE_LOYALTY_MEMBERSHIP (§4.3)',
  keptSql: (customerIdSql, nowSql) =>
    `exists (select 1 from loyalty_membership m where m.customer_id = ${customerIdSql} and m.ended_at is null and (m.valid_until is null or m.valid_until > ${nowSql}))`,
};
