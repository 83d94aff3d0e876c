import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { notFound, coreErrors } from '../../core/graphql/errors';
import { CustomerNotice } from './customer-notice.entity';
import { PartnerNotice, type PartnerNoticeKind } from './partner-notice.entity';
import type { CustomerNoticeView, PartnerNoticeView } from './notifications.types';
import { WebhookEventType } from '../webhooks/webhook.entities';
import { markAcknowledged, queueWebhookDeliveries } from '../webhooks/webhooks.service';
import { partnerRecipientsOf } from '../audit/audit.directory';
import { orderNumbersOfCustomers } from '../orders/orders.directory';
import { deliveryAssignmentsOfOrders, partnersByIds } from '../partners/partners.directory';

/**
 * Art 19 for one or many customers, in one INSERT inside the caller's
 * transaction: every partner that received a customer's data (the audit of
 * partner reads) is told which fields changed, by the orders it knows — a
 * courier only the orders handed to it, a bookkeeper all of them — and never
 * by name or value. Call it before the orders lose their customer link.
 * The recipients, the partners, the orders and the deliveries are asked of
 * their owning modules (CONVENTIONS "Ownership"); this module writes only
 * its own partner_notice.
 */
export async function queueRecipientNotices(
  em: EntityManager,
  notice: { customerIds: readonly string[]; kind: PartnerNoticeKind; fields: readonly string[]; at: Date },
): Promise<void> {
  if (notice.customerIds.length === 0) return;
  const recipients = await partnerRecipientsOf(em, notice.customerIds);
  if (recipients.length === 0) return;
  const partners = new Map((await partnersByIds(em, [...new Set(recipients.map((r) => r.partnerId))])).map((p) => [p.id, p]));
  const orders = await orderNumbersOfCustomers(em, notice.customerIds);
  const logistics = recipients.some((r) => partners.get(r.partnerId)?.kind === 'LOGISTICS');
  const handedTo = new Set(
    logistics
      ? (
          await deliveryAssignmentsOfOrders(
            em,
            orders.map((o) => o.orderId),
          )
        ).map((d) => `${d.orderId}/${d.partnerId}`)
      : [],
  );
  const rows = recipients.flatMap((r) => {
    const partner = partners.get(r.partnerId);
    if (!partner) return [];
    const numbers = orders.filter((o) => o.customerId === r.customerId && (partner.kind !== 'LOGISTICS' || handedTo.has(`${o.orderId}/${partner.id}`))).map((o) => o.orderNumber);
    return [{ partner_id: partner.id, customer_id: r.customerId, order_numbers: numbers }];
  });
  if (rows.length === 0) return;
  const queued = await execute<{ id: string; partnerId: string }>(
    em,
    `insert into partner_notice (id, partner_id, kind, customer_id, order_numbers, fields, created_at)
     select gen_random_uuid(), r.partner_id, ?::partner_notice_kind, r.customer_id, r.order_numbers, ?::text[], ?
     from jsonb_to_recordset(?::jsonb) as r(partner_id uuid, customer_id uuid, order_numbers text[])
     returning id, partner_id as "partnerId"`,
    [notice.kind, `{${notice.fields.join(',')}}`, notice.at, JSON.stringify(rows)],
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
