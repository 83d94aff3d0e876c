import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { notFound, coreErrors } from '../../core/graphql/errors';
import { CustomerNotice } from './customer-notice.entity';
import { PartnerNotice, type PartnerNoticeKind } from './partner-notice.entity';
import type { CustomerNoticeView, PartnerNoticeView } from './notifications.types';
import { WebhookEventType } from '../webhooks/webhook.entities';
import { markAcknowledged, queueWebhookDeliveries } from '../webhooks/webhooks.service';

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
  const queued = await execute<{ id: string; partnerId: string }>(
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
       end as numbers) n
     returning id, partner_id as "partnerId"`,
    [notice.kind, `{${notice.fields.join(',')}}`, notice.at, `{${notice.customerIds.join(',')}}`],
  );
  // Pushed too, to partners with an endpoint, in this same transaction (polling keeps working).
  await queueWebhookDeliveries(em, WebhookEventType.PARTNER_NOTICE, queued, notice.at);
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
  if (ctx.principal.kind !== 'PARTNER') throw coreErrors.error('FORBIDDEN', { message: 'Only a partner token has notices' });
  const where = includeAcknowledged ? { partner: ctx.principal.partnerId } : { partner: ctx.principal.partnerId, acknowledgedAt: null };
  return (await ctx.em.find(PartnerNotice, where, { orderBy: { createdAt: 'asc', id: 'asc' } })).map(partnerNoticeView);
}

export async function acknowledgePartnerNotice(ctx: RequestContext, noticeId: string): Promise<PartnerNoticeView> {
  if (ctx.principal.kind !== 'PARTNER') throw coreErrors.error('FORBIDDEN', { message: 'Only a partner token has notices' });
  const notice = isUuid(noticeId) ? await ctx.em.findOne(PartnerNotice, { id: noticeId, partner: ctx.principal.partnerId }) : null;
  if (!notice) throw notFound('noticeId', 'Notice');
  notice.acknowledgedAt ??= ctx.now();
  await ctx.em.flush();
  await markAcknowledged(ctx.em, notice.id, notice.acknowledgedAt);
  return partnerNoticeView(notice);
}

export async function myCustomerNotices(ctx: RequestContext, customerId: string): Promise<CustomerNoticeView[]> {
  const notices = await ctx.em.find(CustomerNotice, { customerId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  return notices.map(({ id, kind, requestId, message, createdAt }) => ({ id, kind, requestId, message, createdAt }));
}

/** The body of a pushed notice (Art 19): the same fields as the partnerNotices query, never names or values. */
export async function partnerNoticeForWebhook(em: EntityManager, id: string): Promise<PartnerNoticeView | null> {
  const notice = await em.findOne(PartnerNotice, { id });
  return notice ? partnerNoticeView(notice) : null;
}
