import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import type { RequestContext } from '../../core/graphql/context';
import { EmailKind } from '../outbox/email-message.entity';
import { enqueueEmail, isoMinute, type EmailRecipient } from '../outbox/outbox.service';
import { IdentityCheck } from './identity-check.entity';

/** §8.5: how long a verification link works. Long enough for a weekend, short enough to be worthless in an old mailbox. */
export const VERIFICATION_LINK_HOURS = 72;

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 256 random bits, URL-safe, with a prefix that says what it is. */
function newVerificationToken(): string {
  return `rkv_${randomBytes(32).toString('base64url')}`;
}

export function verificationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/verify/${token}`;
}

/**
 * Issue a link for a request waiting for verification and queue the e-mail
 * that carries it, in the caller's unit of work (nothing is sent if the
 * request fails to save).
 */
export function sendVerificationLink(ctx: Pick<RequestContext, 'em' | 'now' | 'settings'>, request: { id: string; type: string }, to: EmailRecipient): IdentityCheck {
  const token = newVerificationToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + VERIFICATION_LINK_HOURS * 3_600_000);
  const check = ctx.em.create(IdentityCheck, { requestId: request.id, tokenHash: hashOf(token), createdAt: now, expiresAt });
  enqueueEmail(ctx, {
    kind: EmailKind.IDENTITY_VERIFICATION,
    to,
    requestId: request.id,
    params: { requestType: request.type, link: verificationLink(ctx.settings.publicUrl, token), expiresAt: isoMinute(expiresAt) },
  });
  return check;
}

/** Whether a token names a live check (for the GET page; changes nothing). */
export async function findLiveCheck(em: EntityManager, token: string, now: Date): Promise<{ id: string; requestId: string } | null> {
  if (!/^rkv_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await em
    .getConnection()
    .execute<{ id: string; requestId: string }[]>(
      'select id, request_id as "requestId" from identity_check where token_hash = ? and used_at is null and expires_at > ?',
      [hashOf(token), now],
      'all',
      em.getTransactionContext(),
    );
  return row ?? null;
}

/** Whether a request has a link that still works (unused, not expired): a repeated storefront click sends no second one. */
export async function hasLiveCheck(em: EntityManager, requestId: string, now: Date): Promise<boolean> {
  const rows = await em
    .getConnection()
    .execute<{ id: string }[]>(
      'select id from identity_check where request_id = ?::uuid and used_at is null and expires_at > ? limit 1',
      [requestId, now],
      'all',
      em.getTransactionContext(),
    );
  return rows.length > 0;
}

/**
 * Use a link: at most once, before it expires, in the caller's transaction.
 * Answers the check, or null when the link is unknown, used or expired (all
 * answered alike).
 */
export async function consumeCheck(em: EntityManager, token: string, now: Date): Promise<{ id: string; requestId: string } | null> {
  if (!/^rkv_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await em
    .getConnection()
    .execute<{ id: string; requestId: string }[]>(
      'update identity_check set used_at = ? where token_hash = ? and used_at is null and expires_at > ? returning id, request_id as "requestId"',
      [now, hashOf(token), now],
      'all',
      em.getTransactionContext(),
    );
  return row ?? null;
}
