import { registerEnumType } from 'type-graphql';
import { execute, isUuid } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { optionalText, requireText } from '../../core/validation/validators';
import { auditChange } from '../audit/audit.collector';
import { actorLabel, actorOf } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import { MARKETING_PURPOSES } from '../consents/consent-event.entity';
import { appendConsentEvents } from '../consents/consents.service';
import { Customer, CustomerStatus } from '../customers/customer.entity';
import { CustomerNotice, CustomerNoticeKind } from '../notifications/customer-notice.entity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EmailKind, EmailStatus } from '../outbox/email-message.entity';
import type { DeliveredEmail, DeliveryOutcome } from '../outbox/outbox.follow-ups';
import { emailStatusOf, enqueueEmail } from '../outbox/outbox.service';
import { queueRecipientNotices } from '../notifications/notifications.service';
import { PartnerNoticeKind } from '../notifications/partner-notice.entity';
import { currentNoticeVersion } from '../privacy-notice/privacy-notice.service';
import { PrivacyRequest, PrivacyRequestType } from '../privacy-requests/privacy-request.entity';
import { customerOf, markCompleted, markRefused, openStorefrontRequest, requireOpenRequest, toRequestView } from '../privacy-requests/privacy-requests.service';
import type { PrivacyRequestView } from '../privacy-requests/privacy-requests.types';
import { Objection, ObjectionKind } from './objection.entity';
import { Restriction } from './restriction.entity';
import { RESTRICTABLE_FIELDS, type ObjectionView, type RestrictionInput, type RestrictionView } from './restrictions.types';
import { flushUnderCustomerLock } from '../customers/customer-lock';
import { restrictionErrors } from './restrictions.errors';
import { privacyRequestRefusals } from '../privacy-requests/privacy-requests.errors';

function restrictionView(r: Restriction): RestrictionView {
  return {
    id: r.id,
    customerId: r.customerId,
    fields: r.fields,
    reason: r.reason,
    placedAt: r.placedAt,
    liftedAt: r.liftedAt,
    liftReason: r.liftReason,
    liftRequestedAt: r.liftRequestedAt,
    liftPending: r.liftRequestedAt !== null && r.liftedAt === null,
  };
}

function objectionView(o: Objection): ObjectionView {
  return { id: o.id, customerId: o.customerId, kind: o.kind, reason: o.reason, placedAt: o.placedAt, liftedAt: o.liftedAt };
}

function requireFields(fields: readonly string[] | null | undefined): string[] | null {
  if (fields === null || fields === undefined) return null;
  if (fields.length === 0) throw badInput('input.fields', 'Name at least one field, or omit fields to restrict all processing');
  for (const field of fields) {
    if (!(RESTRICTABLE_FIELDS as readonly string[]).includes(field)) throw badInput('input.fields', `Unknown field ${field}; use ${RESTRICTABLE_FIELDS.join(', ')}`);
  }
  return [...new Set(fields)];
}

async function placeRestriction(ctx: RequestContext, customerId: string, input: RestrictionInput, request: PrivacyRequest): Promise<RestrictionView> {
  const now = ctx.now();
  const fields = requireFields(input.fields);
  const restriction = ctx.em.create(Restriction, {
    customerId,
    fields,
    reason: requireText('input.reason', input.reason, 1000),
    requestId: request.id,
    placedAt: now,
    placedBy: actorLabel(ctx.principal),
  });
  markCompleted(ctx, request, { restrictionId: restriction.id });
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'restriction' }, customerId, ['Customer.restriction']);
  // Art 19: recipients are told of the restriction too — in the same transaction as the
  // restriction, so no notice is left behind for a restriction that failed to save.
  // Serialised per person (issue 10): the customer row is locked first in that transaction.
  await flushUnderCustomerLock(ctx.em, customerId, {
    afterLock: (em) => queueRecipientNotices(em, { customerIds: [customerId], kind: PartnerNoticeKind.RESTRICTION, fields: fields ?? ['*'], at: now }),
  });
  return restrictionView(restriction);
}

/** Storefront: the customer disputes data and asks that it only be stored meanwhile (§8.11). */
export async function restrictMyProcessing(ctx: RequestContext, customerId: string, input: RestrictionInput): Promise<RestrictionView> {
  return placeRestriction(ctx, customerId, input, openStorefrontRequest(ctx, customerId, PrivacyRequestType.RESTRICTION));
}

export async function restrictOnRequest(ctx: RequestContext, requestId: string, input: RestrictionInput): Promise<RestrictionView> {
  const request = await requireOpenRequest(ctx, requestId, PrivacyRequestType.RESTRICTION);
  return placeRestriction(ctx, customerOf(request), input, request);
}

/**
 * Lift a restriction (Art 18(3): "shall be informed by the controller before
 * the restriction of processing is lifted"). Two-phase: this records the lift
 * request and queues the e-mail that tells the customer, in one transaction;
 * the restriction stays in force — reads of its fields still answer RESTRICTED
 * — until the outbox has delivered that e-mail, and is lifted in the
 * transaction that records the delivery (completeRestrictionLift). The answer
 * says so: liftPending true, liftedAt null.
 *
 * When the customer has no address to send to (an account without e-mail, or
 * one no longer active), there is nothing to wait for: telling them is
 * impossible by e-mail, the in-app notice below is the information, and
 * keeping the restriction forever would restrict for no reason. Then the lift
 * is immediate.
 *
 * A lift already pending answers RESTRICTION_LIFT_PENDING, unless its e-mail
 * was given up (DEAD): asking again then queues a new one.
 */
export async function liftRestriction(ctx: RequestContext, restrictionId: string, reason: string): Promise<RestrictionView> {
  const restriction = isUuid(restrictionId) ? await ctx.em.findOne(Restriction, { id: restrictionId }) : null;
  if (!restriction) throw notFound('restrictionId', 'Restriction');
  if (restriction.liftedAt) throw restrictionErrors.error('RESTRICTION_LIFTED', { field: 'restrictionId' });
  if (restriction.liftNoticeId && (await emailStatusOf(ctx.em, restriction.liftNoticeId)) !== EmailStatus.DEAD) {
    throw restrictionErrors.error('RESTRICTION_LIFT_PENDING', { field: 'restrictionId' });
  }
  const why = requireText('reason', reason, 1000);
  const now = ctx.now();
  const customer = await ctx.em.findOne(Customer, { id: restriction.customerId }, { fields: ['id', 'email', 'status'] });
  const deliverable = customer !== null && customer.email !== null && customer.status === CustomerStatus.ACTIVE;
  ctx.em.create(CustomerNotice, {
    customerId: restriction.customerId,
    kind: CustomerNoticeKind.RESTRICTION_LIFTING,
    requestId: restriction.requestId,
    message: `The restriction of processing of your data (${restriction.fields?.join(', ') ?? 'all data'}) is being lifted. Reason: ${why}`,
    createdAt: now,
  });
  restriction.liftRequestedAt = now;
  restriction.liftRequestedBy = actorLabel(ctx.principal);
  restriction.liftReason = why;
  if (deliverable) {
    const email = enqueueEmail(ctx, {
      kind: EmailKind.RESTRICTION_LIFTING,
      to: { customerId: restriction.customerId },
      requestId: restriction.requestId,
      params: { fields: restriction.fields?.join(', ') ?? '*', reason: why },
    });
    restriction.liftNoticeId = email.id;
  } else {
    restriction.liftedAt = now;
    restriction.liftedBy = restriction.liftRequestedBy;
  }
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: deliverable ? 'requestRestrictionLift' : 'liftRestriction' }, restriction.customerId, [
    'Customer.restriction',
  ]);
  await flushUnderCustomerLock(ctx.em, restriction.customerId);
  return restrictionView(restriction);
}

/**
 * The outbox's follow-up for RESTRICTION_LIFTING (registered in
 * restrictions.module.ts): the customer has been sent the notice (or had no
 * address left by then), so the restriction is lifted now, in the transaction
 * that records the delivery. Only the restriction waiting for this very e-mail.
 */
export async function completeRestrictionLift(em: EntityManager, email: DeliveredEmail, _outcome: DeliveryOutcome, at: Date): Promise<void> {
  await execute(em, `update restriction set lifted_at = ?, lifted_by = lift_requested_by where lift_notice_id = ?::uuid and lifted_at is null`, [at, email.id]);
}

export async function restrictionsOf(ctx: RequestContext, customerId: string): Promise<RestrictionView[]> {
  return (await ctx.em.find(Restriction, { customerId }, { orderBy: { placedAt: 'desc' } })).map(restrictionView);
}

/**
 * §8.4: a direct-marketing ban withdraws every marketing consent at once and
 * stays until the customer lifts it; while it stands no staff action can
 * grant marketing consent again.
 */
async function placeBan(ctx: RequestContext, customerId: string, request: PrivacyRequest, source: DataSource): Promise<ObjectionView> {
  const now = ctx.now();
  // A customer erased meanwhile (or never there) is NOT_FOUND, not an internal error.
  const customer = await ctx.em.findOne(Customer, { id: customerId });
  if (!customer) throw notFound('customerId', 'Customer');
  const existing = await ctx.em.findOne(Objection, { customerId, kind: ObjectionKind.DIRECT_MARKETING_BAN, liftedAt: null });
  const ban = existing ?? ctx.em.create(Objection, { customerId, kind: ObjectionKind.DIRECT_MARKETING_BAN, requestId: request.id, placedAt: now });
  const noticeVersion = await currentNoticeVersion(ctx.em);
  appendConsentEvents(
    ctx.em,
    customer,
    MARKETING_PURPOSES.map((purpose) => ({ purpose, granted: false })),
    { source, actor: actorOf(ctx.principal), noticeVersion, at: now },
  );
  markCompleted(ctx, request, { objectionId: ban.id });
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'directMarketingBan' }, customerId, ['Customer.consents']);
  await flushUnderCustomerLock(ctx.em, customerId);
  return objectionView(ban);
}

export async function banMyDirectMarketing(ctx: RequestContext, customerId: string): Promise<ObjectionView> {
  return placeBan(ctx, customerId, openStorefrontRequest(ctx, customerId, PrivacyRequestType.DIRECT_MARKETING_BAN), DataSource.REGISTRATION);
}

export async function banOnRequest(ctx: RequestContext, requestId: string): Promise<ObjectionView> {
  const request = await requireOpenRequest(ctx, requestId, PrivacyRequestType.DIRECT_MARKETING_BAN);
  const source = request.channel === 'POST' ? DataSource.MANUAL_ENTRY : DataSource.EMAIL;
  return placeBan(ctx, customerOf(request), request, source);
}

/** Only the customer can lift their own ban (§8.4). Consents stay withdrawn until they give them again. */
export async function liftMyMarketingBan(ctx: RequestContext, customerId: string): Promise<ObjectionView> {
  const ban = await ctx.em.findOne(Objection, { customerId, kind: ObjectionKind.DIRECT_MARKETING_BAN, liftedAt: null });
  if (!ban) throw restrictionErrors.error('NO_MARKETING_BAN');
  ban.liftedAt = ctx.now();
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: ban.liftedAt, operation: 'liftMarketingBan' }, customerId, ['Customer.objections']);
  await flushUnderCustomerLock(ctx.em, customerId);
  return objectionView(ban);
}

/**
 * §8.3: an objection takes the customer out of marketing at once and leaves
 * an OPEN request for the privacy officer to decide (complete or refuse with
 * a reason).
 */
export async function objectToMyProcessing(ctx: RequestContext, customerId: string, reason: string | null): Promise<ObjectionView> {
  const request = openStorefrontRequest(ctx, customerId, PrivacyRequestType.OBJECTION);
  const objection = ctx.em.create(Objection, {
    customerId,
    kind: ObjectionKind.OBJECTION,
    reason: optionalText('reason', reason, 1000),
    requestId: request.id,
    placedAt: ctx.now(),
  });
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: ctx.now(), operation: 'objectToProcessing' }, customerId, ['Customer.objections']);
  await flushUnderCustomerLock(ctx.em, customerId);
  return objectionView(objection);
}

export async function objectionsOf(ctx: RequestContext, customerId: string): Promise<ObjectionView[]> {
  return (await ctx.em.find(Objection, { customerId }, { orderBy: { placedAt: 'desc' } })).map(objectionView);
}

/** True while a direct-marketing ban stands: staff may not grant marketing consent. */
export async function hasMarketingBan(ctx: RequestContext, customerId: string): Promise<boolean> {
  return (await ctx.em.count(Objection, { customerId, kind: ObjectionKind.DIRECT_MARKETING_BAN, liftedAt: null })) > 0;
}

export enum ObjectionDecision {
  UPHOLD = 'UPHOLD',
  REJECT = 'REJECT',
}

registerEnumType(ObjectionDecision, {
  name: 'ObjectionDecision',
  description: 'What the privacy officer decides on an objection (§8.3, Art 21(1)).',
  valuesConfig: {
    UPHOLD: { description: 'The objection stands: the processing objected to stays stopped.' },
    REJECT: { description: 'Compelling legitimate grounds override it (Art 21(1)): processing resumes; the customer is told why.' },
  },
});

/**
 * §8.3, Art 21(1): the privacy officer decides an objection. Upheld, the
 * objection stays in force and the request completes; rejected, the objection
 * is lifted and the request is refused with the reason, which the customer
 * receives in the inbox and by e-mail (Art 12(4)). One transaction.
 */
export async function decideObjection(ctx: RequestContext, requestId: string, decision: ObjectionDecision, reason: string): Promise<PrivacyRequestView> {
  const request = await requireOpenRequest(ctx, requestId, PrivacyRequestType.OBJECTION);
  const why = requireText('reason', reason, 1000);
  const now = ctx.now();
  const objection = await ctx.em.findOne(Objection, { requestId: request.id, kind: ObjectionKind.OBJECTION });
  if (decision === ObjectionDecision.UPHOLD) {
    // A request written in by e-mail has no objection yet: upholding it places one.
    const upheld = objection ?? ctx.em.create(Objection, { customerId: customerOf(request), kind: ObjectionKind.OBJECTION, requestId: request.id, placedAt: now });
    upheld.liftedAt = null;
    markCompleted(ctx, request, { decision: ObjectionDecision.UPHOLD, objectionId: upheld.id }, { note: why });
  } else {
    if (objection && !objection.liftedAt) objection.liftedAt = now;
    markRefused(ctx, request, privacyRequestRefusals.enum.REQUEST_OBJECTION_REJECTED, why, { decision: ObjectionDecision.REJECT });
  }
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'decideObjection' }, customerOf(request), ['Customer.objections']);
  await ctx.em.flush();
  return toRequestView(request, now);
}
