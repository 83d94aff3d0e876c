import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { AppError, notFound } from '../../core/graphql/errors';
import { CustomerNotice } from './customer-notice.entity';
import { PartnerNotice, type PartnerNoticeKind } from './partner-notice.entity';
import type { CustomerNoticeView, PartnerNoticeView } from './notifications.types';

/**
 * Art 19 for one or many customers, in one INSERT inside the caller's
 * transaction: every partner that received a customer's data (the audit of
 * partner reads) is told which fields changed, by the orders it knows — a
 * courier only the orders handed to it, a bookkeeper all of them — and never
 * by name or value. Call it before the orders lose their customer link.
 */
export async function queueRecipientNotices(
  em: EntityManager,
  notice: { customerIds: readonly string[]; kind: PartnerNoticeKind; fields: readonly string[]; at: Date },
): Promise<void> {
  if (notice.customerIds.length === 0) return;
  await execute(
    em,
    `insert into partner_notice (id, partner_id, kind, customer_id, order_numbers, fields, created_at)
     select gen_random_uuid(), p.id, ?::partner_notice_kind, r.customer_id, coalesce(n.numbers, '{}'), ?::text[], ?
     from (select distinct principal_id, customer_id from audit_entry
           where customer_id = any(?::uuid[]) and principal_kind = 'PARTNER') r
     join partner p on p.id::text = r.principal_id
     cross join lateral (
       select case when p.kind = 'LOGISTICS'
         then (select array_agg(o.order_number order by o.placed_at) from delivery_assignment d join customer_order o on o.id = d.order_id
               where d.partner_id = p.id and o.customer_id = r.customer_id)
         else (select array_agg(o.order_number order by o.placed_at) from customer_order o where o.customer_id = r.customer_id)
       end as numbers) n`,
    [notice.kind, `{${notice.fields.join(',')}}`, notice.at, `{${notice.customerIds.join(',')}}`],
  );
}

function partnerNoticeView(notice: PartnerNotice): PartnerNoticeView {
  return {
    id: notice.id,
    kind: notice.kind,
    orderNumbers: notice.orderNumbers,
    fields: notice.fields,
    createdAt: notice.createdAt,
    acknowledgedAt: notice.acknowledgedAt,
  };
}

/** A partner's outbox: the notices it must act on (Art 19). */
export async function myPartnerNotices(ctx: RequestContext, includeAcknowledged: boolean): Promise<PartnerNoticeView[]> {
  if (ctx.principal.kind !== 'PARTNER') throw new AppError('FORBIDDEN', 'Only a partner token has notices');
  const where = includeAcknowledged ? { partner: ctx.principal.partnerId } : { partner: ctx.principal.partnerId, acknowledgedAt: null };
  return (await ctx.em.find(PartnerNotice, where, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(partnerNoticeView);
}

export async function acknowledgePartnerNotice(ctx: RequestContext, noticeId: string): Promise<PartnerNoticeView> {
  if (ctx.principal.kind !== 'PARTNER') throw new AppError('FORBIDDEN', 'Only a partner token has notices');
  const notice = isUuid(noticeId) ? await ctx.em.findOne(PartnerNotice, { id: noticeId, partner: ctx.principal.partnerId }) : null;
  if (!notice) throw notFound('noticeId', 'Notice');
  notice.acknowledgedAt ??= ctx.now();
  await ctx.em.flush();
  return partnerNoticeView(notice);
}

export async function myCustomerNotices(ctx: RequestContext, customerId: string): Promise<CustomerNoticeView[]> {
  const notices = await ctx.em.find(CustomerNotice, { customerId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  return notices.map(({ id, kind, requestId, message, createdAt }) => ({ id, kind, requestId, message, createdAt }));
}

/**
 * "Never reveal whether an account exists" (README, issue 10): a sign-up or
 * an e-mail change to an address that already belongs to a customer answers
 * exactly like a fresh one, and the owner of the address is told instead.
 * Until the e-mail outbox delivers it (issue 11 hooks in here), the message is
 * recorded as a customer notice. Runs in the caller's transaction when there is one.
 */
export async function notifyEmailAlreadyRegistered(ctx: RequestContext, customerId: string): Promise<void> {
  await execute(
    ctx.em,
    `insert into customer_notice (id, customer_id, kind, request_id, message, created_at) values (gen_random_uuid(), ?::uuid, 'EMAIL_ALREADY_REGISTERED', null, ?, ?)`,
    [
      customerId,
      'Someone tried to register a new account, or to move another account, to your e-mail address. You already have an account: sign in, or reset your password if you have forgotten it. If this was not you, you need not do anything.',
      ctx.now(),
    ],
  );
}
