import { execute, isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import { PERSONAL_DATA_HANDLERS } from '../../core/personal-data/handlers';
import type { ErasureOutcome, PersonalDataContext } from '../../core/personal-data/registry';
import { auditChange } from '../audit/audit.collector';
import { queuePartnerNotices } from '../notifications/notifications.service';
import { PartnerNoticeKind } from '../notifications/partner-notice.entity';
import { PrivacyRequest, PrivacyRequestStatus, PrivacyRequestType } from '../privacy-requests/privacy-request.entity';
import { markCompleted, markRefused, openStorefrontRequest, requireOpenRequest } from '../privacy-requests/privacy-requests.service';
import { ErasureStatus, type ErasureResult } from './erasure.types';

/*
 * Erasure (§8.7) within the legal holds of §8.9. Everything no law requires
 * us to keep goes, in ONE transaction: if any step fails nothing is
 * half-erased. Bookkeeping material stays, held for accounting only until the
 * Accounting Act period ends. Every domain does its part through the
 * personal-data registry; this module touches none of their tables.
 */

/** Order states that block erasure: the contract is still being performed, or not yet paid. */
const UNPAID = 'PLACED';
const IN_DELIVERY = ['PAID', 'SHIPPED'];

type Refusal = { code: string; reason: string };

async function refusalFor(ctx: RequestContext, customerId: string): Promise<Refusal | null> {
  const holds = await execute<{ reason: string }>(
    ctx.em,
    'select reason from legal_hold where customer_id = ?::uuid and released_at is null order by placed_at',
    [customerId],
  );
  if (holds.length > 0) {
    return { code: 'ERASURE_LEGAL_HOLD', reason: `Your data is under a legal hold (§8.9): ${holds.map((h) => h.reason).join('; ')}` };
  }
  const open = await execute<{ orderNumber: string; status: string }>(
    ctx.em,
    `select order_number as "orderNumber", status from customer_order
     where customer_id = ?::uuid and status in ('PLACED', 'PAID', 'SHIPPED') order by placed_at`,
    [customerId],
  );
  const unpaid = open.filter((o) => o.status === UNPAID);
  if (unpaid.length > 0) {
    return {
      code: 'ERASURE_UNPAID_ORDER',
      reason: `Order ${unpaid.map((o) => o.orderNumber).join(', ')} is not paid yet. We can erase your data once it is paid or cancelled.`,
    };
  }
  const delivering = open.filter((o) => IN_DELIVERY.includes(o.status));
  if (delivering.length > 0) {
    return {
      code: 'ERASURE_OPEN_ORDER',
      reason: `Order ${delivering.map((o) => o.orderNumber).join(', ')} is still being delivered. We can erase your data once it has arrived.`,
    };
  }
  return null;
}

function resultOf(request: PrivacyRequest): ErasureResult | null {
  if (!request.result || request.type !== PrivacyRequestType.ERASURE) return null;
  const stored = request.result as unknown as ErasureResult & { decidedAt: string };
  return { ...stored, decidedAt: new Date(stored.decidedAt) };
}

/**
 * Carry out an erasure request. A request already answered gives the same
 * answer again (idempotent), without touching anything.
 */
export async function executeErasure(ctx: RequestContext, request: PrivacyRequest): Promise<ErasureResult> {
  const previous = resultOf(request);
  if (previous && (request.status === PrivacyRequestStatus.COMPLETED || request.status === PrivacyRequestStatus.REFUSED)) return previous;

  const customerId = request.customerId;
  const now = ctx.now();
  const refusal = await refusalFor(ctx, customerId);
  if (refusal) {
    const result: ErasureResult = { status: ErasureStatus.REFUSED, requestId: request.id, customerId, refusalReason: refusal.reason, refusalCode: refusal.code, categories: [], decidedAt: now };
    markRefused(ctx, request, refusal.reason, result as unknown as Record<string, unknown>);
    await ctx.em.flush();
    return result;
  }

  const result = await ctx.em.transactional(async (em) => {
    const [subject] = await execute<{ email: string | null }>(em, 'select email from customer where id = ?::uuid for update', [customerId]);
    if (!subject) throw notFound('customerId', 'Customer');
    const recipients = await execute<{ partnerId: string }>(
      em,
      `select distinct principal_id as "partnerId" from audit_entry where customer_id = ?::uuid and principal_kind = 'PARTNER'`,
      [customerId],
    );
    const orderNumbers = await execute<{ orderNumber: string }>(em, 'select order_number as "orderNumber" from customer_order where customer_id = ?::uuid', [customerId]);
    const handlerCtx: PersonalDataContext = {
      em,
      principal: ctx.principal,
      requestId: ctx.requestId,
      now,
      settings: ctx.settings,
      subject: { customerId, email: subject.email },
    };
    const categories: ErasureOutcome[] = [];
    for (const handler of PERSONAL_DATA_HANDLERS) categories.push(...(await handler.erase(handlerCtx)));
    // Art 19: every partner that received the data is told, by order number, never by name.
    queuePartnerNotices(em, {
      partnerIds: recipients.map((r) => r.partnerId),
      customerId,
      kind: PartnerNoticeKind.ERASURE,
      orderNumbers: orderNumbers.map((o) => o.orderNumber),
      fields: ['*'],
      at: now,
    });
    auditChange(em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'erasure' }, customerId, ['Customer.*']);
    const erased: ErasureResult = { status: ErasureStatus.ERASED, requestId: request.id, customerId, refusalReason: null, refusalCode: null, categories, decidedAt: now };
    const managed = await em.findOneOrFail(PrivacyRequest, { id: request.id });
    markCompleted({ ...ctx, em }, managed, erased as unknown as Record<string, unknown>, { notify: false });
    return erased;
  });
  await ctx.em.refresh(request);
  return result;
}

/** Storefront: the signed-in customer asks for erasure; the session itself goes with the account. */
export async function requestMyErasure(ctx: RequestContext, customerId: string): Promise<ErasureResult> {
  const request = openStorefrontRequest(ctx, customerId, PrivacyRequestType.ERASURE);
  await ctx.em.flush();
  return executeErasure(ctx, request);
}

/** Admin panel: the privacy officer carries out a verified written request. */
export async function eraseOnRequest(ctx: RequestContext, requestId: string): Promise<ErasureResult> {
  if (!isUuid(requestId)) throw notFound('requestId', 'Privacy request');
  const request = await ctx.em.findOne(PrivacyRequest, { id: requestId });
  if (request) {
    const previous = resultOf(request);
    if (previous) return previous;
  }
  return executeErasure(ctx, await requireOpenRequest(ctx, requestId, PrivacyRequestType.ERASURE));
}
