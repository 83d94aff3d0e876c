import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../core/graphql/context';
import { badInput } from '../../core/graphql/errors';
import { getPrivacyNotice } from '../privacy-notice/privacy-notice.service';
import { EmailKind, EmailMessage, EmailStatus, type EmailLanguage } from './email-message.entity';

/** Where an e-mail goes: a customer (their address and language at delivery), or a copied address. */
export type EmailRecipient = { customerId: string } | { address: string; language: EmailLanguage; customerId?: string | null };

export interface EnqueueEmail {
  kind: EmailKind;
  to: EmailRecipient;
  requestId?: string | null;
  /** What the template needs: dates, a reason, a link. No names or profile values. */
  params?: Record<string, string>;
  /** At most one message per key, ever (e.g. one statement-change notice per customer and version). */
  dedupeKey?: string;
}

/**
 * Put an e-mail in the outbox, in the caller's unit of work: it is written by
 * the caller's flush or commit, together with the change that owes the message
 * (transactional outbox), and sent by the outbox worker after commit.
 */
export function enqueueEmail(ctx: Pick<RequestContext, 'em' | 'now'>, message: EnqueueEmail): EmailMessage {
  const now = ctx.now();
  const copied = 'address' in message.to ? message.to : null;
  return ctx.em.create(EmailMessage, {
    kind: message.kind,
    customerId: copied ? (copied.customerId ?? null) : (message.to as { customerId: string }).customerId,
    toAddress: copied ? copied.address : null,
    language: copied ? copied.language : null,
    requestId: message.requestId ?? null,
    params: message.params ?? null,
    dedupeKey: message.dedupeKey ?? null,
    nextAttemptAt: now,
    createdAt: now,
  });
}

/** One message of a batch to a copied address (see enqueueEmailBatch). */
export interface BatchEmail {
  customerId: string | null;
  address: string;
  language: EmailLanguage;
  requestId: string | null;
  params: Record<string, string>;
}

/**
 * The set-based enqueueEmail for batch jobs (retention): one INSERT for many
 * messages of one kind to copied addresses, in the caller's transaction.
 */
export async function enqueueEmailBatch(em: EntityManager, kind: EmailKind, messages: readonly BatchEmail[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  await em.getConnection().execute(
    `insert into email_outbox (id, kind, customer_id, request_id, to_address, language, params, status, attempts, next_attempt_at, created_at)
     select gen_random_uuid(), ?::email_kind, (m->>'customerId')::uuid, (m->>'requestId')::uuid, m->>'address', m->>'language', m->'params',
       'PENDING', 0, ?, ?
     from jsonb_array_elements(?::jsonb) as m`,
    [kind, now, now, JSON.stringify(messages)],
    'all',
    em.getTransactionContext(),
  );
}

/** Where one e-mail stands (for a module that waits for it); null when there is no such e-mail. */
export async function emailStatusOf(em: EntityManager, id: string): Promise<EmailStatus | null> {
  const [row] = await em.getConnection().execute<{ status: EmailStatus }[]>('select status from email_outbox where id = ?::uuid', [id], 'all', em.getTransactionContext());
  return row?.status ?? null;
}

/** An ISO date (YYYY-MM-DD) for a template. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A time to the minute, in UTC, for a template. */
export function isoMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * §11.1: tell every active customer with an address about a new statement
 * version. One INSERT … SELECT per batch of customers (by id), each message
 * once per customer and version (dedupe key), so running it again adds
 * nothing; the worker then sends them at its own pace.
 */
export async function enqueuePrivacyNoticeUpdate(em: EntityManager, notice: { version: string; publishedOn: string; url: string }, now: Date, batchSize = 5000): Promise<number> {
  let total = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await em.getConnection().execute<{ id: string; queued: boolean }[]>(
      `with batch as (
         select id from customer where status = 'ACTIVE' and email is not null and id > ?::uuid order by id limit ?
       ), queued as (
         insert into email_outbox (id, kind, customer_id, params, status, attempts, next_attempt_at, dedupe_key, created_at)
         select gen_random_uuid(), 'PRIVACY_NOTICE_UPDATED', b.id, ?::jsonb, 'PENDING', 0, ?, 'privacy-notice:' || ? || ':' || b.id, ?
         from batch b
         on conflict (dedupe_key) do nothing
         returning customer_id
       )
       select (select max(id::text) from batch) as id, (select count(*) from queued)::int as queued`,
      [after, batchSize, JSON.stringify(notice), now, notice.version, now],
    );
    const [row] = rows as unknown as { id: string | null; queued: number }[];
    if (!row?.id) break;
    total += Number(row.queued);
    after = row.id;
  }
  return total;
}

/** §11.1: queue the statement-change notice for a published version (see enqueuePrivacyNoticeUpdate). */
export async function announcePrivacyNotice(ctx: RequestContext, version: string): Promise<number> {
  const notice = await getPrivacyNotice(ctx.em, 'en', version.trim());
  if (!notice || notice.version !== version.trim()) throw badInput('version', `No published privacy statement version "${version}"`);
  return enqueuePrivacyNoticeUpdate(ctx.em, { version: notice.version, publishedOn: notice.publishedOn, url: `${ctx.settings.publicUrl}/` }, ctx.now());
}
