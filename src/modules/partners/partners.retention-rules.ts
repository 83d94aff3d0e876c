import { execute } from '../../core/db/sql';
import { NO_SUBJECT, type RetentionRuleContribution } from '../../core/retention/rules';
import { RetentionRule } from '../retention/retention-run.entity';

/** Partner tokens a quarter after they expired or were revoked: counted, not itemised. */
export const PARTNERS_RETENTION_RULES: readonly RetentionRuleContribution[] = [
  {
    rule: RetentionRule.HOUSEKEEPING,
    async sweep(ctx, options) {
      const quarter = new Date(options.now.getTime() - 90 * 86_400_000);
      const rows = options.dryRun
        ? await execute<{ n: string }>(ctx.em, 'select count(*) as n from partner_token where expires_at < ? or revoked_at < ?', [quarter, quarter])
        : await execute<{ n: string }>(ctx.em, 'with gone as (delete from partner_token where expires_at < ? or revoked_at < ? returning 1) select count(*) as n from gone', [
            quarter,
            quarter,
          ]);
      return [{ subjectId: NO_SUBJECT, action: options.dryRun ? 'WOULD_DELETE_PARTNER_TOKENS' : 'DELETED_PARTNER_TOKENS', reason: rows[0]!.n }];
    },
  },
];
