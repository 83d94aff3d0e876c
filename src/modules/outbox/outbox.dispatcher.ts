import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../core/logging/logger';
import { activeCustomerContacts } from '../customers/customer-lock';
import { EmailKind, type EmailLanguage } from './email-message.entity';
import { deliveryFollowUpFor, type DeliveryOutcome } from './outbox.follow-ups';
import { renderEmail } from './outbox.templates';
import type { MailTransport } from './outbox.transport';

export interface OutboxSettings {
  /** The From header, e.g. "Jasmin <asiakaspalvelu@jasmin.fi>". */
  from: string;
  /** Attempts before a message is DEAD. */
  maxAttempts: number;
  /** First retry after this many seconds, doubling up to an hour. */
  retryBaseSeconds: number;
  /** Messages claimed per pass. */
  batchSize: number;
  /** How long a claim holds before another worker may take the message. */
  leaseSeconds: number;
  /** Domain of the Message-IDs. */
  messageIdDomain: string;
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  from: 'Jasmin <asiakaspalvelu@jasmin.fi>',
  maxAttempts: 8,
  retryBaseSeconds: 30,
  batchSize: 50,
  leaseSeconds: 300,
  messageIdDomain: 'rekisteri.jasmin.fi',
};

export interface DispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  cancelled: number;
  /** The earliest time a message waiting for a retry is due; null when none waits. */
  nextDueAt: Date | null;
}

interface Claimed {
  id: string;
  kind: EmailKind;
  customerId: string | null;
  requestId: string | null;
  toAddress: string | null;
  language: EmailLanguage | null;
  params: Record<string, string> | null;
  attempts: number;
}

/** Seconds until the next attempt after `attempts` failures: base·2^(n−1), at most an hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
}

/** A failure as a code only: the server's text may quote the address. */
function failureCode(error: unknown): { code: string; permanent: boolean } {
  const e = error as { code?: unknown; responseCode?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  // 5xx is a permanent refusal (RFC 5321 §4.2.1): retrying will not help.
  return { code: responseCode ? `${code} ${responseCode}` : code, permanent: responseCode !== null && responseCode >= 500 };
}

/**
 * One pass of the outbox: claim due messages (SKIP LOCKED, so several workers
 * never take the same one; a claim is a lease, so a worker that dies mid-send
 * gives its messages back), send each, and record the outcome. A message is
 * marked SENT only by the claim that sent it (attempts must still match).
 * Once done, the address and the contents go.
 */
export async function dispatchDueEmails(orm: MikroORM, transport: MailTransport, settings: OutboxSettings, logger: Logger, now: Date = new Date()): Promise<DispatchReport> {
  const connection = orm.em.fork().getConnection();
  const report: DispatchReport = { claimed: 0, sent: 0, retried: 0, dead: 0, cancelled: 0, nextDueAt: null };
  const claimed = await connection.execute<Claimed[]>(
    `with due as (
       select id from email_outbox
       where (status = 'PENDING' and next_attempt_at <= ?) or (status = 'SENDING' and lease_until < ?)
       order by next_attempt_at, id limit ? for update skip locked
     )
     update email_outbox m set status = 'SENDING', attempts = m.attempts + 1, lease_until = ?
     from due where m.id = due.id
     returning m.id, m.kind, m.customer_id as "customerId", m.request_id as "requestId", m.to_address as "toAddress", m.language, m.params, m.attempts`,
    [now, now, settings.batchSize, new Date(now.getTime() + settings.leaseSeconds * 1000)],
  );
  report.claimed = claimed.length;
  const lookups = claimed.filter((m) => m.toAddress === null && m.customerId !== null).map((m) => m.customerId as string);
  const customers = new Map<string, { email: string | null; language: EmailLanguage }>();
  if (lookups.length > 0) {
    // The customers module answers where to write (CONVENTIONS "Ownership"): only customers still active.
    for (const row of await activeCustomerContacts(orm.em.fork(), lookups)) customers.set(row.id, row);
  }

  for (const message of claimed) {
    const customer = message.customerId ? customers.get(message.customerId) : undefined;
    const to = message.toAddress ?? customer?.email ?? null;
    const language: EmailLanguage = message.language ?? customer?.language ?? 'FI';
    const guard = [message.id, message.attempts];
    if (!to) {
      // Erased or closed before we got to it, or never had an address: nobody to tell.
      await recordOutcome(
        orm,
        message,
        'NO_ADDRESS',
        now,
        `update email_outbox set status = 'CANCELLED', to_address = null, params = null, lease_until = null where id = ? and status = 'SENDING' and attempts = ? returning id`,
        guard,
      );
      report.cancelled++;
      continue;
    }
    const messageId = `<${message.id}@${settings.messageIdDomain}>`;
    try {
      const rendered = renderEmail(message.kind, language, message.params ?? {});
      await transport.send({ from: settings.from, to, messageId, language, ...rendered });
    } catch (error) {
      const { code, permanent } = failureCode(error);
      if (permanent || message.attempts >= settings.maxAttempts) {
        await connection.execute(
          `update email_outbox set status = 'DEAD', last_error = ?, to_address = null, params = null, lease_until = null where id = ? and status = 'SENDING' and attempts = ?`,
          [code, ...guard],
        );
        report.dead++;
        logger.warn({ emailId: message.id, kind: message.kind, attempts: message.attempts, code }, 'e-mail given up');
      } else {
        const next = new Date(now.getTime() + retryDelaySeconds(message.attempts, settings.retryBaseSeconds) * 1000);
        await connection.execute(
          `update email_outbox set status = 'PENDING', last_error = ?, next_attempt_at = ?, lease_until = null where id = ? and status = 'SENDING' and attempts = ?`,
          [code, next, ...guard],
        );
        report.retried++;
        if (!report.nextDueAt || next < report.nextDueAt) report.nextDueAt = next;
        logger.info({ emailId: message.id, kind: message.kind, attempts: message.attempts, code }, 'e-mail attempt failed; will retry');
      }
      continue;
    }
    const sentAt = new Date();
    await recordOutcome(
      orm,
      message,
      'SENT',
      sentAt,
      `update email_outbox set status = 'SENT', sent_at = ?, message_id = ?, to_address = null, params = null, lease_until = null, last_error = null
       where id = ? and status = 'SENDING' and attempts = ? returning id`,
      [sentAt, messageId, ...guard],
    );
    report.sent++;
  }
  return report;
}

/**
 * Record a final outcome; when this claim's update took effect and the kind
 * has a follow-up (Art 18(3): lift the restriction now that the customer was
 * told), run it in the same transaction, so the owed step happens exactly
 * once and never before the message went out.
 */
async function recordOutcome(orm: MikroORM, message: Claimed, outcome: DeliveryOutcome, at: Date, sql: string, params: unknown[]): Promise<void> {
  const followUp = deliveryFollowUpFor(message.kind);
  if (!followUp) {
    await orm.em.fork().getConnection().execute(sql, params);
    return;
  }
  await orm.em.fork().transactional(async (em) => {
    const updated = await em.getConnection().execute<{ id: string }[]>(sql, params, 'all', em.getTransactionContext());
    if (updated.length === 1) {
      await followUp(em, { id: message.id, kind: message.kind, customerId: message.customerId, requestId: message.requestId }, outcome, at);
    }
  });
}

/** Passes until nothing due is left (or `maxPasses`), summed. */
export async function drainOutbox(
  orm: MikroORM,
  transport: MailTransport,
  settings: OutboxSettings,
  logger: Logger,
  now: () => Date = () => new Date(),
  maxPasses = 100,
): Promise<DispatchReport> {
  const total: DispatchReport = { claimed: 0, sent: 0, retried: 0, dead: 0, cancelled: 0, nextDueAt: null };
  for (let pass = 0; pass < maxPasses; pass++) {
    const report = await dispatchDueEmails(orm, transport, settings, logger, now());
    total.claimed += report.claimed;
    total.sent += report.sent;
    total.retried += report.retried;
    total.dead += report.dead;
    total.cancelled += report.cancelled;
    if (report.nextDueAt && (!total.nextDueAt || report.nextDueAt < total.nextDueAt)) total.nextDueAt = report.nextDueAt;
    if (report.claimed < settings.batchSize) break;
  }
  return total;
}
