import { execute } from '../../core/db/sql';
import type { RetentionBatch, RetentionItem, RetentionRuleContribution } from '../../core/retention/rules';
import { addCalendarMonths } from '../privacy-requests/privacy-requests.service';
import { RetentionRule } from '../retention/retention-run.entity';
import { GUEST_CONTACT_DUE_SQL } from './orders.guests';
import { ERASED_TEXT } from './orders.personal-data';

/**
 * §8.9: held bookkeeping past its retain-until date loses the billing name and address; totals and
 * lines stay. §4.2 for guests: a closed guest order's contact and delivery details go once it is
 * `inactiveMonths` old, leaving only the bookkeeping on its own clock.
 */
const heldOrdersExpired: RetentionBatch = async (ctx, range, size, options, policy) => {
  const today = options.now.toISOString().slice(0, 10);
  const guestCutoff = addCalendarMonths(options.now, -policy.inactiveMonths);
  const rows = await execute<{ id: string; expired: boolean }>(
    ctx.em,
    `select o.id, (o.retain_until < ?::date and o.anonymised_at is null) as expired from customer_order o
     where ((o.retain_until < ?::date and o.anonymised_at is null) or ${GUEST_CONTACT_DUE_SQL})
       and o.id > ?::uuid and o.id <= ?::uuid order by o.id limit ${size}`,
    [today, today, guestCutoff, range.after, range.through],
  );
  const expired = rows.filter((r) => r.expired);
  const guests = rows.filter((r) => !r.expired);
  if (expired.length > 0 && !options.dryRun) {
    const ids = `{${expired.map((r) => r.id).join(',')}}`;
    await execute(
      ctx.em,
      `update customer_order set anonymised_at = ?, billing_name = ?, billing_line1 = ?, billing_line2 = null,
         billing_postal_code = ?, billing_city = ?, billing_email = null, billing_phone = null,
         delivery_name = ?, delivery_line1 = ?, delivery_line2 = null, delivery_postal_code = ?, delivery_city = ?,
         delivery_email = null, delivery_phone = null
       where id = any(?::uuid[])`,
      [options.now, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ids],
    );
  }
  if (guests.length > 0 && !options.dryRun) {
    // held_since marks it done: the order no longer matches, so the pass stays idempotent.
    await execute(
      ctx.em,
      `update customer_order set held_since = ?, billing_email = null, billing_phone = null,
         delivery_name = ?, delivery_line1 = ?, delivery_line2 = null, delivery_postal_code = ?, delivery_city = ?,
         delivery_email = null, delivery_phone = null
       where id = any(?::uuid[])`,
      [options.now, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, ERASED_TEXT, `{${guests.map((r) => r.id).join(',')}}`],
    );
  }
  const items: RetentionItem[] = rows.map((row) =>
    row.expired
      ? { subjectId: row.id, action: options.dryRun ? 'WOULD_ANONYMISE_ORDER' : 'ANONYMISED_ORDER', reason: 'RETENTION_ENDED (§8.9)' }
      : { subjectId: row.id, action: options.dryRun ? 'WOULD_CLEAR_GUEST_CONTACT' : 'CLEARED_GUEST_CONTACT', reason: 'GUEST_CONTACT_UNUSED (§4.2)' },
  );
  return { items, last: rows.at(-1)?.id ?? null, fetched: rows.length };
};

/** The orders module's clocks (§8.9, §4.2 for guests). */
export const ORDERS_RETENTION_RULES: readonly RetentionRuleContribution[] = [{ rule: RetentionRule.HELD_ORDERS_EXPIRED, batch: heldOrdersExpired }];
