import { isUuid } from '../../core/db/sql';
import { requireRecentAuthentication } from '../identity/identity.service';
import type { RequestContext } from '../../core/graphql/context';
import { notFound } from '../../core/graphql/errors';
import { refusalCodeOf } from './erasure.errors';
import { DataMap } from '../../core/personal-data/map';
import { ErasureOutcomeKind, type DataSubject, type ErasureOutcomes, type ErasureRefusal, type PersonalDataContext } from '../../core/personal-data/registry';
import { buildScrubber, collectIdentifiers, emptyIdentifiers, mergeIdentifiers, scrubFreeText } from '../../core/personal-data/scrub';
import { AuditAction } from '../audit/audit-entry.entity';
import { auditChanges, auditGuestRequest } from '../audit/audit.collector';
import { lockCustomerForErasure } from '../customers/customer-lock';
import { queueRecipientNotices } from '../notifications/notifications.service';
import { PartnerNoticeKind } from '../notifications/partner-notice.entity';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmail } from '../outbox/outbox.service';
import { type PrivacyRequest, PrivacyRequestStatus, PrivacyRequestType } from '../privacy-requests/privacy-request.entity';
import {
  closeGuestRequests,
  completeDuplicateErasures,
  lockRequestForAnswer,
  type StoredAnswer,
  completeErasureRequest,
  storedErasureAnswer,
} from '../privacy-requests/privacy-requests.erasure-records';
import { markRefused, requireOpenRequest, storefrontRequestByLink } from '../privacy-requests/privacy-requests.service';
import { ErasureStatus, type ErasureResult } from './erasure.types';

/*
 * Erasure (§8.7) within the legal holds of §8.9. Everything no law requires
 * us to keep goes, in ONE transaction: if any step fails nothing is
 * half-erased. Bookkeeping material stays, held for accounting only until the
 * Accounting Act period ends. Every domain erases its own data through the
 * personal-data registry; this module only decides whether and for whom.
 */

type Refusal = ErasureRefusal;

/** The first refusal a contributed blocker gives (legal holds, open orders: one definition each, §8.7, §8.9). */
async function refusalFor(ctx: RequestContext, customerId: string): Promise<Refusal | null> {
  for (const blocker of ctx.contributions.erasureBlockers) {
    const refusal = await blocker.refusal(ctx.em, customerId);
    if (refusal) return refusal;
  }
  return null;
}

/** A guest's refusal from the same contributed blockers (issue 8 §4: one definition for both). */
async function guestRefusalFor(ctx: RequestContext, email: string): Promise<Refusal | null> {
  for (const blocker of ctx.contributions.erasureBlockers) {
    const refusal = blocker.guestRefusal ? await blocker.guestRefusal(ctx.em, email) : null;
    if (refusal) return refusal;
  }
  return null;
}

/** The answer a locked request already has, when it was answered (a second run gives the same). */
function answered(locked: StoredAnswer | null, options: { anyStatus?: boolean } = {}): ErasureResult | null {
  if (!locked?.result) return null;
  if (!options.anyStatus && locked.status !== PrivacyRequestStatus.COMPLETED && locked.status !== PrivacyRequestStatus.REFUSED) return null;
  const stored = locked.result as unknown as ErasureResult & { decidedAt: string };
  return { ...stored, decidedAt: new Date(stored.decidedAt) };
}

function resultOf(request: PrivacyRequest): ErasureResult | null {
  if (!request.result || request.type !== PrivacyRequestType.ERASURE) return null;
  const stored = request.result as unknown as ErasureResult & { decidedAt: string };
  return { ...stored, decidedAt: new Date(stored.decidedAt) };
}

/** A blocker refused the erasure (§8.7): the request is refused with its code and reason, the answer stored on it. */
async function refuseErasure(ctx: RequestContext, request: PrivacyRequest, customerId: string | null, refusal: Refusal, now: Date): Promise<ErasureResult> {
  const code = refusalCodeOf(refusal.code);
  const result: ErasureResult = {
    status: ErasureStatus.REFUSED,
    requestId: request.id,
    customerId,
    refusalReason: refusal.reason,
    refusalCode: code,
    categories: [],
    decidedAt: now,
  };
  markRefused(ctx, request, code, refusal.reason, result as unknown as Record<string, unknown>);
  await ctx.em.flush();
  return result;
}

/**
 * Carry out an erasure request. A request already answered gives the same
 * answer again (idempotent), without touching anything.
 */
export async function executeErasure(ctx: RequestContext, request: PrivacyRequest): Promise<ErasureResult> {
  const previous = resultOf(request);
  if (previous && (request.status === PrivacyRequestStatus.COMPLETED || request.status === PrivacyRequestStatus.REFUSED)) return previous;

  if (!request.customerId) return executeGuestErasure(ctx, request);
  const customerId = request.customerId;
  const now = ctx.now();
  const outcome = await ctx.em.transactional(async (em) => {
    // Lock the request: a second run of the same request waits here and then gives the
    // first one's answer.
    const previous = answered(await lockRequestForAnswer(em, request.id));
    if (previous) return { previous };
    // Then the customer: an order placed meanwhile waits for us, and the refusal check
    // below sees everything that exists at the moment of erasure.
    const subject = await lockCustomerForErasure(em, customerId);
    if (!subject) throw notFound('customerId', 'Customer');
    const refusal = await refusalFor({ ...ctx, em }, customerId);
    if (refusal) return { refusal };
    const outcomes = await eraseSubjects({ ...ctx, em }, [subject], now);
    const erased: ErasureResult = {
      status: ErasureStatus.ERASED,
      requestId: request.id,
      customerId,
      refusalReason: null,
      refusalCode: null,
      categories: outcomes.get(customerId) ?? [],
      decidedAt: now,
    };
    await completeErasureRequest({ ...ctx, em }, request.id, erased as unknown as Record<string, unknown>);
    // Duplicate erasure requests recorded before this one are answered by it (the handler closed the other kinds).
    await completeDuplicateErasures(em, customerId, request.id, erased, now);
    // The receipt goes to the address as it was; the outbox forgets it once sent (§8.7).
    if (subject.email) {
      const retained = erased.categories.filter((c) => c.outcome === 'RETAINED').map((c) => `${c.category}${c.retainedUntil ? ` (${c.retainedUntil})` : ''}`);
      enqueueEmail(
        { em, now: ctx.now },
        {
          kind: EmailKind.ERASURE_DONE,
          to: { address: subject.email, language: subject.language ?? 'FI', customerId },
          requestId: request.id,
          params: retained.length > 0 ? { retained: retained.join('; ') } : {},
        },
      );
    }
    return { erased };
  });
  if ('previous' in outcome && outcome.previous) return outcome.previous;
  if ('refusal' in outcome && outcome.refusal) return refuseErasure(ctx, request, customerId, outcome.refusal, now);
  const result = (outcome as { erased: ErasureResult }).erased;
  await ctx.em.refresh(request);
  return result;
}

/**
 * A guest's erasure (issue 8 §4), exactly as a customer's where a guest has
 * the same data: the contributed blockers refuse first (an unpaid or
 * undelivered guest order, the one definition a customer's request uses;
 * a legal hold is placed on customers only), then the guest orders placed
 * with the e-mail keep only their bookkeeping (§8.9) and every free-text
 * column is scrubbed of the guest's names, e-mail addresses, phone numbers
 * and address lines (§8.7), in one transaction, with an audit entry keyed by
 * the request (§9.2). The request's own copy of the address goes last, so
 * the record of the request names nobody.
 */
async function executeGuestErasure(ctx: RequestContext, request: PrivacyRequest): Promise<ErasureResult> {
  const email = request.subjectEmail;
  if (!email) throw notFound('requestId', 'Privacy request');
  const now = ctx.now();
  const outcome = await ctx.em.transactional(async (em) => {
    const previous = answered(await lockRequestForAnswer(em, request.id));
    if (previous) return { previous };
    const refusal = await guestRefusalFor({ ...ctx, em }, email);
    if (refusal) return { refusal };
    const handlerCtx: PersonalDataContext = { em, principal: ctx.principal, requestId: ctx.requestId, now, settings: ctx.settings };
    let identifiers = emptyIdentifiers();
    identifiers.emails.push(email);
    for (const handler of ctx.contributions.personalData) {
      if (handler.guestIdentifiers) identifiers = mergeIdentifiers(identifiers, await handler.guestIdentifiers(handlerCtx, email));
    }
    const categories: ErasureResult['categories'] = [];
    for (const handler of ctx.contributions.personalData) if (handler.eraseGuest) categories.push(...(await handler.eraseGuest(handlerCtx, email)));
    const scrubbed = await scrubFreeText(em, new DataMap(ctx.contributions.dataMap), buildScrubber(identifiers));
    const scrubbedValues = [...scrubbed.values()].reduce((a, b) => a + b, 0);
    if (scrubbedValues > 0) {
      categories.push({
        category: `Names, e-mail addresses, phone numbers and addresses in notes and reasons (${[...scrubbed.keys()].join(', ')})`,
        outcome: ErasureOutcomeKind.ANONYMISED,
        count: scrubbedValues,
        legalBasis: null,
        retainedUntil: null,
      });
    }
    const erased: ErasureResult = { status: ErasureStatus.ERASED, requestId: request.id, customerId: null, refusalReason: null, refusalCode: null, categories, decidedAt: now };
    // The receipt goes to the address as it was; the outbox forgets it once sent (§8.7).
    enqueueEmail(
      { em, now: ctx.now },
      {
        kind: EmailKind.ERASURE_DONE,
        to: { address: email, language: 'FI' },
        requestId: request.id,
        params: categories.some((c) => c.outcome === 'RETAINED')
          ? {
              retained: categories
                .filter((c) => c.outcome === 'RETAINED')
                .map((c) => `${c.category}${c.retainedUntil ? ` (${c.retainedUntil})` : ''}`)
                .join('; '),
            }
          : {},
      },
    );
    await completeErasureRequest({ ...ctx, em }, request.id, erased as unknown as Record<string, unknown>, { forgetSubjectEmail: true });
    auditGuestRequest(em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'eraseGuestData' }, request.id, AuditAction.CHANGE, ['Guest.*']);
    // The guest's other requests: open ones are closed with the reason, and none keeps the address.
    await closeGuestRequests(em, email, request.id, now);
    return { erased };
  });
  if ('previous' in outcome && outcome.previous) return outcome.previous;
  if ('refusal' in outcome && outcome.refusal) return refuseErasure(ctx, request, null, outcome.refusal, now);
  await ctx.em.refresh(request);
  return (outcome as { erased: ErasureResult }).erased;
}

/**
 * The erasure itself, for one or many subjects, inside the caller's
 * transaction: an Art 19 notice for each partner that received a subject's
 * data, every registered handler in order, and a CHANGE audit entry per
 * subject. The caller has ruled out
 * refusals (legal hold, open orders) under a row lock.
 */
export async function eraseSubjects(ctx: RequestContext, subjects: readonly DataSubject[], now: Date): Promise<ErasureOutcomes> {
  const em = ctx.em;
  // Art 19 first, while the orders still say whose they are.
  await queueRecipientNotices(em, { customerIds: subjects.map((s) => s.customerId), kind: PartnerNoticeKind.ERASURE, fields: ['*'], at: now });
  const handlerCtx: PersonalDataContext = { em, principal: ctx.principal, requestId: ctx.requestId, now, settings: ctx.settings };
  const map = new DataMap(ctx.contributions.dataMap);
  // The identifiers are read from the map before anything goes: what the free text is scrubbed of.
  const identifiers = await collectIdentifiers(
    em,
    map,
    subjects.map((s) => s.customerId),
  );
  identifiers.emails.push(...subjects.flatMap((s) => (s.email ? [s.email] : [])));
  const outcomes: ErasureOutcomes = new Map(subjects.map((s) => [s.customerId, []]));
  for (const handler of ctx.contributions.personalData) {
    for (const [customerId, categories] of await handler.erase(handlerCtx, subjects)) outcomes.get(customerId)?.push(...categories);
  }
  // §8.7: notes, reasons, identity checks and stored answers keep what happened, not who it was.
  const scrubbed = await scrubFreeText(em, map, buildScrubber(identifiers));
  const scrubbedValues = [...scrubbed.values()].reduce((a, b) => a + b, 0);
  if (scrubbedValues > 0 && subjects.length === 1) {
    outcomes.get(subjects[0]!.customerId)?.push({
      category: `Names, e-mail addresses, phone numbers and addresses in notes and reasons (${[...scrubbed.keys()].join(', ')})`,
      outcome: ErasureOutcomeKind.ANONYMISED,
      count: scrubbedValues,
      legalBasis: null,
      retainedUntil: null,
    });
  }
  await auditChanges(
    em,
    ctx.principal,
    { requestId: ctx.requestId, at: now, operation: 'erasure' },
    subjects.map((s) => s.customerId),
    ['Customer.*'],
  );
  return outcomes;
}

/**
 * Storefront: the signed-in customer asks for erasure (§8.7). The password
 * within the last few minutes, and then the account's mailbox (§8.5): the
 * first call records the request and sends the link, and nothing is erased
 * until the link is opened (eraseConfirmedStorefrontRequest). A request
 * already verified (in person, by staff) is carried out at once. The session
 * itself goes with the account.
 */
export async function requestMyErasure(ctx: RequestContext, customerId: string): Promise<ErasureResult> {
  await requireRecentAuthentication(ctx);
  const outcome = await storefrontRequestByLink(ctx, customerId, PrivacyRequestType.ERASURE, (tx, request) => executeErasure(tx, request));
  if ('verified' in outcome) return outcome.verified;
  const { awaiting } = outcome;
  return {
    status: ErasureStatus.AWAITING_VERIFICATION,
    requestId: awaiting.requestId,
    customerId,
    refusalReason: null,
    refusalCode: null,
    categories: [],
    decidedAt: ctx.now(),
    dueAt: awaiting.dueAt,
    verificationSentTo: awaiting.sentTo,
    message: awaiting.message,
  };
}

/**
 * §8.5 → §8.7: the link sent to the account's mailbox confirmed a storefront
 * erasure; carry it out in the caller's (the link's) transaction, exactly as
 * the storefront did before links: the same blockers refuse (§8.9), the same
 * receipt goes out, the sessions end with the account.
 */
export async function eraseConfirmedStorefrontRequest(ctx: RequestContext, request: PrivacyRequest): Promise<ErasureResult> {
  return executeErasure(ctx, request);
}

/** Admin panel: the privacy officer carries out a verified written request. */
export async function eraseOnRequest(ctx: RequestContext, requestId: string): Promise<ErasureResult> {
  if (!isUuid(requestId)) throw notFound('requestId', 'Privacy request');
  // An answered request gives its answer again (idempotent); the privacy-requests module reads it.
  const previous = answered(await storedErasureAnswer(ctx.em, requestId), { anyStatus: true });
  if (previous) return previous;
  return executeErasure(ctx, await requireOpenRequest(ctx, requestId, PrivacyRequestType.ERASURE));
}
