import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { AppError, notFound } from '../../core/graphql/errors';
import { Partner } from '../partners/partner.entity';
import { CustomerNotice } from './customer-notice.entity';
import { PartnerNotice, type PartnerNoticeKind } from './partner-notice.entity';
import type { CustomerNoticeView, PartnerNoticeView } from './notifications.types';

/** Queue an Art 19 notice for each partner (the caller flushes, in its transaction). */
export function queuePartnerNotices(
  em: EntityManager,
  notice: { partnerIds: readonly string[]; customerId: string; kind: PartnerNoticeKind; orderNumbers: readonly string[]; fields: readonly string[]; at: Date },
): void {
  for (const partnerId of new Set(notice.partnerIds)) {
    if (!isUuid(partnerId)) continue;
    em.create(PartnerNotice, {
      partner: em.getReference(Partner, partnerId),
      kind: notice.kind,
      customerId: notice.customerId,
      orderNumbers: [...notice.orderNumbers],
      fields: [...notice.fields],
      createdAt: notice.at,
    });
  }
}

/** The partners that have received a customer's data (from the audit of their reads). */
export async function recipientsOf(em: EntityManager, customerId: string): Promise<string[]> {
  const rows = await em
    .getConnection()
    .execute<{ partnerId: string }[]>(
      `select distinct principal_id as "partnerId" from audit_entry where customer_id = ?::uuid and principal_kind = 'PARTNER'`,
      [customerId],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((r) => r.partnerId);
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
