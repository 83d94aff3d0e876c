import { LockMode } from '@mikro-orm/core';
import { execute, isUuid, sqlRunner } from '../../core/db/sql';
import { actorLabel } from '../../core/domain/actor';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { connectionOf, decodeCursor, encodeCursor, requirePageSize } from '../../core/graphql/pagination';
import { normaliseEmail, optionalText, requireText } from '../../core/validation/validators';
import { getCustomer } from '../customers/customers.service';
import { CustomerNotice, CustomerNoticeKind } from '../notifications/customer-notice.entity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { consumeCheck, hasLiveCheck, sendVerificationLink, VERIFICATION_LINK_HOURS } from '../identity-checks/identity-checks.service';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmail, isoDate, type EmailRecipient } from '../outbox/outbox.service';
import { PrivacyRequest, PrivacyRequestStatus, PrivacyRequestType, RequestChannel } from './privacy-request.entity';
import type { PrivacyRequestConnection, PrivacyRequestFilter, PrivacyRequestView, RecordPrivacyRequestInput } from './privacy-requests.types';
import { customerEmail, lockCustomerRow, notFoundAt } from '../customers/customer-lock';
import { privacyRequestErrors, requestRefusalCodeOf, StaffRefusalCode, type PrivacyRequestRefusalCode } from './privacy-requests.errors';

/** One calendar month later (GDPR Art 12(3)); the 31st of January is due on the last day of February. */
export function addCalendarMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function effectiveDueAt(request: Pick<PrivacyRequest, 'dueAt' | 'extendedDueAt'>): Date {
  return request.extendedDueAt ?? request.dueAt;
}

export function toRequestView(request: PrivacyRequest, now: Date): PrivacyRequestView {
  const due = effectiveDueAt(request);
  const open = request.status === PrivacyRequestStatus.AWAITING_VERIFICATION || request.status === PrivacyRequestStatus.OPEN;
  return {
    id: request.id,
    customerId: request.customerId,
    subjectEmail: request.subjectEmail,
    type: request.type,
    status: request.status,
    channel: request.channel,
    receivedAt: request.receivedAt,
    dueAt: request.dueAt,
    extendedDueAt: request.extendedDueAt,
    extensionReason: request.extensionReason,
    effectiveDueAt: due,
    overdue: open && due.getTime() < now.getTime(),
    verifiedAt: request.verifiedAt,
    verificationMethod: request.verificationMethod,
    resolvedAt: request.resolvedAt,
    refusalReason: request.refusalReason,
    refusalCode: requestRefusalCodeOf(request.refusalCode),
    note: request.note,
    result: request.result,
  };
}

/** An address as the storefront may show it back: first letter and domain (`a…@example.fi`), so a look over the shoulder learns little. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${Array.from(email.slice(0, at))[0]}…${email.slice(at)}`;
}

/** A storefront request that waits for its link (§8.5): what the storefront tells the customer. */
export interface AwaitingLink {
  requestId: string;
  dueAt: Date;
  /** The account's address, masked (maskEmail). */
  sentTo: string;
  /** False when a link sent earlier for the same request still works, so none was sent now. */
  linkSent: boolean;
  message: string;
}

/**
 * §8.5 for the storefront rights that hand out or destroy everything (access
 * §8.1, erasure §8.7): a fresh password (the caller checked it) is not
 * enough, since a stolen session plus a known password would do; the
 * account's mailbox must confirm too. Under the customer's row lock:
 *  - a storefront request of this type already verified (OPEN: by its link,
 *    or by staff in person) is handed to `whenVerified`, in the same
 *    transaction, to be carried out;
 *  - otherwise the request waits for verification: the one already waiting
 *    is reused (a second click, or two at once, make no duplicate), or one is
 *    recorded (due in a calendar month, Art 12(3)), and a single-use link goes
 *    to the account's address in the customer's language through the outbox,
 *    in the same transaction. No second link while one still works.
 */
export async function storefrontRequestByLink<T>(
  ctx: RequestContext,
  customerId: string,
  type: PrivacyRequestType.ACCESS | PrivacyRequestType.ERASURE,
  whenVerified: (tx: RequestContext, request: PrivacyRequest) => Promise<T>,
): Promise<{ verified: T } | { awaiting: AwaitingLink }> {
  return ctx.em.transactional(async (em) => {
    if (!(await lockCustomerRow(em, customerId))) throw notFound('customerId', 'Customer');
    const tx: RequestContext = { ...ctx, em, sql: sqlRunner(em) };
    const mine = { customerId, type, channel: RequestChannel.STOREFRONT };
    const verified = await em.findOne(PrivacyRequest, { ...mine, status: PrivacyRequestStatus.OPEN }, { orderBy: { receivedAt: 'asc' } });
    if (verified) return { verified: await whenVerified(tx, verified) };

    const subject = await customerEmail(em, customerId);
    if (!subject?.email) throw privacyRequestErrors.error('REQUEST_NO_ADDRESS_FOR_LINK', { field: 'customerId' });
    const now = ctx.now();
    let request = await em.findOne(PrivacyRequest, { ...mine, status: PrivacyRequestStatus.AWAITING_VERIFICATION }, { orderBy: { receivedAt: 'asc' } });
    const fresh = !request;
    request ??= em.create(PrivacyRequest, {
      ...mine,
      status: PrivacyRequestStatus.AWAITING_VERIFICATION,
      receivedAt: now,
      dueAt: addCalendarMonths(now, 1),
      recordedBy: 'CUSTOMER',
    });
    const linkSent = fresh || !(await hasLiveCheck(em, request.id, now));
    // To the account's own address (resolved by the outbox, with the customer's language).
    if (linkSent) sendVerificationLink(tx, request, { customerId });
    const sentTo = maskEmail(subject.email);
    const what = type === PrivacyRequestType.ERASURE ? 'erases your data' : 'lets you download your data here';
    return {
      awaiting: {
        requestId: request.id,
        dueAt: effectiveDueAt(request),
        sentTo,
        linkSent,
        message: `${linkSent ? 'We sent a confirmation link' : 'A confirmation link was already sent'} to ${sentTo}. Opening it within ${VERIFICATION_LINK_HOURS} hours confirms the request and ${what}; nothing is done before that (§8.5).`,
      },
    };
  });
}

/**
 * A request made in the signed-in storefront: in writing, identity proven by
 * the session (§8.5), so it is open at once. The caller flushes. Access and
 * erasure need the mailbox as well (storefrontRequestByLink).
 */
export function openStorefrontRequest(ctx: RequestContext, customerId: string, type: PrivacyRequestType): PrivacyRequest {
  const now = ctx.now();
  return ctx.em.create(PrivacyRequest, {
    customerId,
    type,
    status: PrivacyRequestStatus.OPEN,
    channel: RequestChannel.STOREFRONT,
    receivedAt: now,
    dueAt: addCalendarMonths(now, 1),
    recordedBy: 'CUSTOMER',
    verifiedAt: now,
    verifiedBy: 'CUSTOMER',
    verificationMethod: 'signed-in storefront session',
  });
}

/**
 * Who a recorded request is about: exactly one of a customer id and an e-mail.
 * An e-mail with an account is that customer (no guest duplicate); one without
 * is a guest, the subject of the guest orders placed with it (issue 8 §4).
 */
async function requestSubject(ctx: RequestContext, input: RecordPrivacyRequestInput): Promise<{ customerId: string | null; subjectEmail: string | null }> {
  const hasId = input.customerId !== null && input.customerId !== undefined;
  const hasEmail = input.email !== null && input.email !== undefined;
  if (hasId === hasEmail) throw badInput('input', 'Give exactly one of customerId and email');
  if (hasId) {
    await getCustomer(ctx, input.customerId!).catch(notFoundAt('input.customerId', 'Customer'));
    return { customerId: input.customerId!, subjectEmail: null };
  }
  const email = normaliseEmail('input.email', input.email!);
  const [account] = await ctx.sql.all<{ id: string }>('select id from customer where lower(email) = ? limit 1', [email]);
  return account ? { customerId: account.id, subjectEmail: null } : { customerId: null, subjectEmail: email };
}

/** Where a request's e-mails go: the customer's registered address, or the guest's own. */
export function requesterOf(request: Pick<PrivacyRequest, 'customerId' | 'subjectEmail'>): EmailRecipient {
  return request.customerId ? { customerId: request.customerId } : { address: request.subjectEmail!, language: 'FI' };
}

/** Customer service records a request received by e-mail or post; nothing is done until identity is verified. */
export async function recordPrivacyRequest(ctx: RequestContext, input: RecordPrivacyRequestInput): Promise<PrivacyRequestView> {
  const subject = await requestSubject(ctx, input);
  if (input.channel === RequestChannel.STOREFRONT) throw badInput('input.channel', 'Storefront requests are made by the customer, signed in');
  const now = ctx.now();
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime()) throw badInput('input.receivedAt', 'Cannot be in the future');
  const note = optionalText('input.note', input.note, 1000);
  // Serialised per person (issue 10): under the customer's row lock, the same request recorded
  // again (same type, channel and note, received the same day, not yet verified) is merged into
  // the one already recorded, so 20 identical requests recorded at once leave exactly one.
  // A guest has no row to lock: a transaction-scoped advisory lock on the address serialises instead.
  const request = await ctx.em.transactional(async (em) => {
    if (subject.customerId) {
      if (!(await lockCustomerRow(em, subject.customerId))) throw notFound('input.customerId', 'Customer');
    } else {
      await execute(em, `select pg_advisory_xact_lock(hashtextextended('privacy_request:' || ?::text, 0))`, [subject.subjectEmail]);
    }
    const [open] = await execute<{ id: string }>(
      em,
      `select id from privacy_request
       where (customer_id = ?::uuid or (customer_id is null and subject_email = ?))
         and type = ? and channel = ? and status = 'AWAITING_VERIFICATION'
         and note is not distinct from ? and (received_at at time zone 'UTC')::date = (?::timestamptz at time zone 'UTC')::date
       order by received_at limit 1`,
      [subject.customerId, subject.subjectEmail, input.type, input.channel, note, receivedAt],
    );
    if (open) return em.findOneOrFail(PrivacyRequest, { id: open.id }, { refresh: true });
    const created = em.create(PrivacyRequest, {
      ...subject,
      type: input.type,
      status: PrivacyRequestStatus.AWAITING_VERIFICATION,
      channel: input.channel,
      receivedAt,
      dueAt: addCalendarMonths(receivedAt, 1),
      recordedBy: actorLabel(ctx.principal),
      note,
    });
    // In the same transaction as the request (the outbox's promise), and only for a new one.
    const tx = { em, now: ctx.now, settings: ctx.settings };
    // Art 12(3): the requester learns the request arrived and when the answer is due.
    enqueueEmail(tx, {
      kind: EmailKind.REQUEST_RECEIVED,
      to: requesterOf(created),
      requestId: created.id,
      params: { requestType: created.type, receivedOn: isoDate(receivedAt), dueOn: isoDate(created.dueAt) },
    });
    // §8.5: a single-use link to the registered address (a guest: the order address) proves the writer controls it.
    sendVerificationLink(tx, created, requesterOf(created));
    return created;
  });
  return toRequestView(request, now);
}

/**
 * The customer a request is about. Access and erasure also reach a guest; the
 * other rights act on an account's profile, which a guest does not have.
 */
export function customerOf(request: Pick<PrivacyRequest, 'customerId' | 'type'>): string {
  if (!request.customerId)
    throw privacyRequestErrors.error('REQUEST_FOR_GUEST', {
      message: `A ${request.type} request acts on an account; this request is about a guest e-mail address`,
      field: 'requestId',
    });
  return request.customerId;
}

export async function findRequest(ctx: RequestContext, id: string, field = 'requestId'): Promise<PrivacyRequest> {
  const request = isUuid(id) ? await ctx.em.findOne(PrivacyRequest, { id }) : null;
  if (!request) throw notFound(field, 'Privacy request');
  return request;
}

/** §8.5: who verified the requester's identity, how and when. */
export async function verifyPrivacyRequest(ctx: RequestContext, id: string, method: string): Promise<PrivacyRequestView> {
  const request = await findRequest(ctx, id);
  if (request.status !== PrivacyRequestStatus.AWAITING_VERIFICATION) {
    throw privacyRequestErrors.error('REQUEST_NOT_AWAITING_VERIFICATION', { message: `The request is ${request.status}`, field: 'requestId' });
  }
  request.status = PrivacyRequestStatus.OPEN;
  request.verifiedAt = ctx.now();
  request.verifiedBy = actorLabel(ctx.principal);
  request.verificationMethod = requireText('method', method, 500);
  await ctx.em.flush();
  return toRequestView(request, ctx.now());
}

/** What pressing a link's button will do, for the page GET shows: a storefront erasure erases at once. */
export async function linkRequestEffect(em: EntityManager, requestId: string): Promise<'ERASE' | 'EXPORT' | 'VERIFY'> {
  const [row] = await execute<{ type: PrivacyRequestType; channel: RequestChannel }>(em, 'select type, channel from privacy_request where id = ?::uuid', [requestId]);
  if (row?.channel !== RequestChannel.STOREFRONT) return 'VERIFY';
  if (row.type === PrivacyRequestType.ERASURE) return 'ERASE';
  return row.type === PrivacyRequestType.ACCESS ? 'EXPORT' : 'VERIFY';
}

/**
 * What opening a link did, for the page the person sees:
 *  - VERIFIED: a request recorded by staff is open and will be answered;
 *  - EXPORT_READY: a storefront access request is open; the next exportMyData hands out the export;
 *  - ERASED / ERASURE_REFUSED: a storefront erasure was carried out, or refused with its reason (§8.7);
 *  - ALREADY_VERIFIED: the link was live but the request had moved on (verified in person, closed);
 *  - INVALID: unknown, used or expired (answered alike).
 */
export type LinkVerification = 'VERIFIED' | 'EXPORT_READY' | 'ERASED' | 'ERASURE_REFUSED' | 'ALREADY_VERIFIED' | 'INVALID';

/** What a verified storefront erasure comes to; the erasure engine carries it out (this module cannot import it). */
export type CarryOutErasure = (tx: EntityManager, request: PrivacyRequest) => Promise<'ERASED' | 'ERASURE_REFUSED'>;

/**
 * §8.5 by link: the person opened the single-use link sent to the registered
 * address. The link is used up and the request opened in one transaction,
 * under the request's row lock (two POSTs at once: the second finds the link
 * used); how and when is recorded on the request. A storefront erasure is
 * then carried out by `carryOutErasure` in the same transaction, so a
 * failure leaves the link unused and the request waiting, as before.
 */
export async function verifyByLink(em: EntityManager, token: string, now: Date, carryOutErasure: CarryOutErasure): Promise<LinkVerification> {
  return em.transactional(async (tx) => {
    const check = await consumeCheck(tx, token, now);
    if (!check) return 'INVALID';
    const request = await tx.findOne(PrivacyRequest, { id: check.requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!request) return 'INVALID';
    if (request.status !== PrivacyRequestStatus.AWAITING_VERIFICATION) return 'ALREADY_VERIFIED';
    request.status = PrivacyRequestStatus.OPEN;
    request.verifiedAt = now;
    request.verifiedBy = 'LINK';
    request.verificationMethod = `single-use link sent to the registered e-mail address, opened ${now.toISOString()} (check ${check.id})`;
    if (request.channel !== RequestChannel.STOREFRONT) return 'VERIFIED';
    await tx.flush();
    if (request.type === PrivacyRequestType.ERASURE) return carryOutErasure(tx, request);
    return request.type === PrivacyRequestType.ACCESS ? 'EXPORT_READY' : 'VERIFIED';
  });
}

/**
 * The request a staff action is carried out on: it must be verified (OPEN),
 * of the right type and about the right customer.
 */
export async function requireOpenRequest(ctx: RequestContext, id: string, type: PrivacyRequestType, customerId?: string): Promise<PrivacyRequest> {
  const request = await findRequest(ctx, id);
  if (request.type !== type) throw privacyRequestErrors.error('REQUEST_TYPE_MISMATCH', { message: `This is a ${request.type} request, not ${type}`, field: 'requestId' });
  if (customerId && request.customerId !== customerId) throw privacyRequestErrors.error('REQUEST_CUSTOMER_MISMATCH', { field: 'requestId' });
  if (request.status === PrivacyRequestStatus.AWAITING_VERIFICATION) {
    throw privacyRequestErrors.error('REQUEST_NOT_VERIFIED', { message: "Verify the requester's identity first (§8.5)", field: 'requestId' });
  }
  if (request.status !== PrivacyRequestStatus.OPEN) {
    throw privacyRequestErrors.error('REQUEST_CLOSED', { message: `The request is already ${request.status}`, field: 'requestId' });
  }
  return request;
}

/** The storefront inbox and an e-mail (sent after commit by the outbox), in the caller's unit of work. */
function notifyCustomer(
  ctx: RequestContext,
  request: PrivacyRequest,
  kind: CustomerNoticeKind,
  message: string,
  email: { kind: EmailKind; params?: Record<string, string> },
): void {
  // A guest has no storefront inbox: the e-mail alone tells them.
  if (request.customerId) ctx.em.create(CustomerNotice, { customerId: request.customerId, kind, requestId: request.id, message, createdAt: ctx.now() });
  // A storefront action done on the spot needs no "completed" e-mail, except an access export:
  // the account holder hears of every download of their data.
  const instant =
    request.channel === RequestChannel.STOREFRONT &&
    email.kind === EmailKind.REQUEST_COMPLETED &&
    request.type !== PrivacyRequestType.ACCESS &&
    request.resolvedAt?.getTime() === request.receivedAt.getTime();
  if (instant) return;
  if (!request.customerId && !request.subjectEmail) return;
  enqueueEmail(ctx, { kind: email.kind, to: requesterOf(request), requestId: request.id, params: { requestType: request.type, ...email.params } });
}

/** Extend once, by at most two further months, with a reason the customer is told (Art 12(3)). */
export async function extendPrivacyRequest(ctx: RequestContext, id: string, months: number, reason: string): Promise<PrivacyRequestView> {
  const request = await findRequest(ctx, id);
  if (request.extendedDueAt) throw privacyRequestErrors.error('REQUEST_ALREADY_EXTENDED', { field: 'requestId' });
  if (request.status === PrivacyRequestStatus.COMPLETED || request.status === PrivacyRequestStatus.REFUSED) {
    throw privacyRequestErrors.error('REQUEST_CLOSED', { message: `The request is ${request.status}`, field: 'requestId' });
  }
  if (!Number.isInteger(months) || months < 1 || months > 2) throw badInput('months', 'Extend by one or two months');
  request.extendedDueAt = addCalendarMonths(request.dueAt, months);
  // The deadline pass flags the new deadline again when it nears (§8.6).
  request.deadlineAlertedAt = null;
  request.extensionReason = requireText('reason', reason, 1000);
  notifyCustomer(
    ctx,
    request,
    CustomerNoticeKind.REQUEST_EXTENDED,
    `We need more time to answer your request. New deadline ${request.extendedDueAt.toISOString().slice(0, 10)}. Reason: ${request.extensionReason}`,
    {
      kind: EmailKind.REQUEST_EXTENDED,
      params: { dueOn: isoDate(request.extendedDueAt), reason: request.extensionReason },
    },
  );
  await ctx.em.flush();
  return toRequestView(request, ctx.now());
}

/** Close a request as done (the caller has done the work) and tell the customer. */
export function markCompleted(
  ctx: RequestContext,
  request: PrivacyRequest,
  result: Record<string, unknown> | null,
  options: { note?: string | null; notify?: boolean } = {},
): void {
  request.status = PrivacyRequestStatus.COMPLETED;
  request.resolvedAt = ctx.now();
  request.resolvedBy = actorLabel(ctx.principal);
  request.result = result;
  if (options.note) request.note = options.note;
  // An erased customer has no inbox left: the answer goes out with the response instead.
  if (options.notify !== false) {
    notifyCustomer(ctx, request, CustomerNoticeKind.REQUEST_COMPLETED, `Your ${request.type.toLowerCase().replace(/_/g, ' ')} request has been completed.`, {
      kind: EmailKind.REQUEST_COMPLETED,
    });
  }
}

/** Close a request as refused, with the code the client branches on and the reason the person reads (§8.7). */
export function markRefused(ctx: RequestContext, request: PrivacyRequest, code: PrivacyRequestRefusalCode, reason: string, result: Record<string, unknown> | null = null): void {
  request.status = PrivacyRequestStatus.REFUSED;
  request.resolvedAt = ctx.now();
  request.resolvedBy = actorLabel(ctx.principal);
  request.refusalReason = reason;
  request.refusalCode = code;
  request.result = result;
  // §8.7: the reason goes to the person, in the inbox and by e-mail.
  notifyCustomer(ctx, request, CustomerNoticeKind.REQUEST_REFUSED, `Your ${request.type.toLowerCase().replace(/_/g, ' ')} request was refused: ${reason}`, {
    kind: EmailKind.REQUEST_REFUSED,
    params: { reason },
  });
}

export async function completePrivacyRequest(ctx: RequestContext, id: string, note: string | null): Promise<PrivacyRequestView> {
  const request = await findRequest(ctx, id);
  if (request.status !== PrivacyRequestStatus.OPEN) throw privacyRequestErrors.error('REQUEST_NOT_OPEN', { message: `The request is ${request.status}`, field: 'requestId' });
  markCompleted(ctx, request, request.result, { note: optionalText('note', note, 1000) });
  await ctx.em.flush();
  return toRequestView(request, ctx.now());
}

export async function refusePrivacyRequest(
  ctx: RequestContext,
  id: string,
  reason: string,
  code: StaffRefusalCode = StaffRefusalCode.REQUEST_REFUSED_BY_STAFF,
): Promise<PrivacyRequestView> {
  const request = await findRequest(ctx, id);
  if (request.status === PrivacyRequestStatus.COMPLETED || request.status === PrivacyRequestStatus.REFUSED) {
    throw privacyRequestErrors.error('REQUEST_CLOSED', { message: `The request is ${request.status}`, field: 'requestId' });
  }
  markRefused(ctx, request, code, requireText('reason', reason, 1000));
  await ctx.em.flush();
  return toRequestView(request, ctx.now());
}

/** Open and overdue requests for staff, most urgent first. */
export async function listPrivacyRequests(
  ctx: RequestContext,
  args: { first: number; after?: string | null; filter?: PrivacyRequestFilter | null },
): Promise<PrivacyRequestConnection> {
  const first = requirePageSize(args.first);
  const filter = args.filter ?? { overdueOnly: false };
  const now = ctx.now();
  const where: string[] = [];
  const params: unknown[] = [];
  const statuses = filter.status && filter.status.length > 0 ? filter.status : [PrivacyRequestStatus.AWAITING_VERIFICATION, PrivacyRequestStatus.OPEN];
  where.push('r.status = any(?::privacy_request_status[])');
  params.push(`{${statuses.join(',')}}`);
  if (filter.type) {
    where.push('r.type = ?');
    params.push(filter.type);
  }
  if (filter.customerId) {
    if (!isUuid(filter.customerId)) throw badInput('filter.customerId', 'Not a valid id');
    where.push('r.customer_id = ?::uuid');
    params.push(filter.customerId);
  }
  const due = 'coalesce(r.extended_due_at, r.due_at)';
  if (filter.overdueOnly) {
    where.push(`${due} < ?`);
    params.push(now);
  }
  if (filter.dueWithinDays !== null && filter.dueWithinDays !== undefined) {
    where.push(`${due} < ?`);
    params.push(new Date(now.getTime() + filter.dueWithinDays * 86_400_000));
  }
  if (args.after) {
    const cursor = decodeCursor('after', args.after);
    where.push(`(${due}, r.id) > (?, ?::uuid)`);
    params.push(cursor.at, cursor.id);
  }
  const rows = await ctx.sql.all<{ id: string }>(`select r.id from privacy_request r where ${where.join(' and ')} order by ${due}, r.id limit ${first + 1}`, params);
  const hasNextPage = rows.length > first;
  const ids = (hasNextPage ? rows.slice(0, first) : rows).map((r) => r.id);
  const entities = ids.length > 0 ? await ctx.em.find(PrivacyRequest, { id: { $in: ids } }) : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const nodes = ids.map((id) => toRequestView(byId.get(id)!, now));
  return connectionOf(nodes, (node) => encodeCursor({ at: node.effectiveDueAt, id: node.id }), hasNextPage, args.after);
}

export async function myPrivacyRequests(ctx: RequestContext, customerId: string): Promise<PrivacyRequestView[]> {
  const requests = await ctx.em.find(PrivacyRequest, { customerId }, { orderBy: { receivedAt: 'desc' } });
  return requests.map((r) => toRequestView(r, ctx.now()));
}
