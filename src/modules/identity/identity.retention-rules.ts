import { execute } from '../../core/db/sql';
import { NO_SUBJECT, type RetentionItem, type RetentionRuleContribution } from '../../core/retention/rules';
import { RetentionRule } from '../retention/retention-run.entity';

/** Sessions past their use (a week after they expired or were revoked) and sign-in failures after a day: counted, not itemised. */
export const IDENTITY_RETENTION_RULES: readonly RetentionRuleContribution[] = [
  {
    rule: RetentionRule.HOUSEKEEPING,
    async sweep(ctx, options) {
      const week = new Date(options.now.getTime() - 7 * 86_400_000);
      const day = new Date(options.now.getTime() - 86_400_000);
      const items: RetentionItem[] = [];
      const sessions = options.dryRun
        ? await execute<{ n: string }>(ctx.em, 'select count(*) as n from session where expires_at < ? or revoked_at < ?', [week, week])
        : await execute<{ n: string }>(ctx.em, 'with gone as (delete from session where expires_at < ? or revoked_at < ? returning 1) select count(*) as n from gone', [
            week,
            week,
          ]);
      items.push({ subjectId: NO_SUBJECT, action: options.dryRun ? 'WOULD_DELETE_SESSIONS' : 'DELETED_SESSIONS', reason: sessions[0]!.n });
      const failures = options.dryRun
        ? await execute<{ n: string }>(ctx.em, 'select count(*) as n from login_failure where at < ?', [day])
        : await execute<{ n: string }>(ctx.em, 'with gone as (delete from login_failure where at < ? returning 1) select count(*) as n from gone', [day]);
      items.push({ subjectId: NO_SUBJECT, action: options.dryRun ? 'WOULD_DELETE_LOGIN_FAILURES' : 'DELETED_LOGIN_FAILURES', reason: failures[0]!.n });
      return items;
    },
  },
];
