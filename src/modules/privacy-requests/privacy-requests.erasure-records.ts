import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { PrivacyRequest } from './privacy-request.entity';
import { markCompleted } from './privacy-requests.service';

/*
 * What the erasure engine asks of the privacy-requests module (CONVENTIONS
 * "Ownership"): the privacy_request table is written here, not in the engine.
 */

/** An answer stored on a request. */
export interface StoredAnswer {
  status: string;
  result: ({ decidedAt: string } & Record<string, unknown>) | null;
}

/** Lock the request row inside the caller's transaction: a second run of the same request waits here. */
export async function lockRequestForAnswer(em: EntityManager, requestId: string): Promise<StoredAnswer | null> {
  const [locked] = await execute<StoredAnswer>(em, 'select status, result from privacy_request where id = ?::uuid for update', [requestId]);
  return locked ?? null;
}

/** Erasure requests of the customer recorded before this one are answered by it (the same answer, a note why). */
export async function completeDuplicateErasures(em: EntityManager, customerId: string, requestId: string, answer: unknown, now: Date): Promise<void> {
  await execute(
    em,
    `update privacy_request set status = 'COMPLETED', resolved_at = ?, resolved_by = 'system:erasure', result = ?::jsonb,
       note = 'Duplicate: carried out by request ' || ?
     where customer_id = ?::uuid and type = 'ERASURE' and status in ('AWAITING_VERIFICATION', 'OPEN') and id <> ?::uuid`,
    [now, JSON.stringify(answer), requestId, customerId, requestId],
  );
}

/**
 * A guest was erased: the guest's other requests lose the address, and open
 * ones are closed with the reason (Art 12(4)); none keeps the address.
 */
export async function closeGuestRequests(em: EntityManager, email: string, requestId: string, now: Date): Promise<void> {
  await execute(
    em,
    `update privacy_request set subject_email = null,
       status = case when status in ('AWAITING_VERIFICATION', 'OPEN') then 'COMPLETED'::privacy_request_status else status end,
       resolved_at = case when status in ('AWAITING_VERIFICATION', 'OPEN') then ? else resolved_at end,
       resolved_by = case when status in ('AWAITING_VERIFICATION', 'OPEN') then 'system:erasure' else resolved_by end,
       note = case when status in ('AWAITING_VERIFICATION', 'OPEN') then 'Closed: the guest data of this address was erased by request ' || ? else note end
     where customer_id is null and lower(subject_email) = lower(?) and id <> ?::uuid`,
    [now, requestId, email, requestId],
  );
}

/** The answer stored on an erasure request, if it has one (`null` for another kind of request or an unknown id). */
export async function storedErasureAnswer(em: EntityManager, requestId: string): Promise<StoredAnswer | null> {
  const [stored] = await execute<StoredAnswer>(em, `select status, result from privacy_request where id = ?::uuid and type = 'ERASURE'`, [requestId]);
  return stored?.result ? stored : null;
}

/**
 * The erasure is done: the request is completed with its answer inside the
 * caller's transaction (the engine's `ctx.em`), without a notice to the
 * erased inbox (the answer goes with the response). A guest's request
 * forgets the address it was made with, so the record names nobody (§8.7).
 */
export async function completeErasureRequest(
  ctx: RequestContext,
  requestId: string,
  answer: Record<string, unknown>,
  options: { forgetSubjectEmail?: boolean } = {},
): Promise<void> {
  const managed = await ctx.em.findOneOrFail(PrivacyRequest, { id: requestId });
  markCompleted(ctx, managed, answer, { notify: false });
  if (options.forgetSubjectEmail) managed.subjectEmail = null;
}
