import type { MikroORM } from '@mikro-orm/postgresql';
import { Webhook } from 'standardwebhooks';
import type { Logger } from '../../core/logging/logger';
import { partnerNoticeForWebhook } from '../notifications/notifications.service';
import { deliveryAssignmentForWebhook } from '../partners/partners.service';
import { WebhookEventType } from './webhook.entities';
import { openWebhookSecret } from './webhook-secret';

export interface WebhookSettings {
  /** Attempts before a delivery is DEAD. */
  maxAttempts: number;
  /** First retry after this many seconds, doubling up to an hour. */
  retryBaseSeconds: number;
  /** How long the endpoint may take to answer. */
  timeoutMs: number;
  batchSize: number;
  leaseSeconds: number;
  /** WEBHOOK_SECRET_KEY (src/config): opens the sealed signing secrets. */
  secretKey: Buffer;
}

export const DEFAULT_WEBHOOK_SETTINGS: Omit<WebhookSettings, 'secretKey'> = { maxAttempts: 8, retryBaseSeconds: 30, timeoutMs: 10_000, batchSize: 20, leaseSeconds: 120 };

export interface WebhookDispatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  nextDueAt: Date | null;
}

interface Claimed {
  id: string;
  partnerId: string;
  eventType: WebhookEventType;
  refId: string;
  attempts: number;
  url: string | null;
  secret: string | null;
}

function retryDelaySeconds(attempts: number, base: number): number {
  return Math.min(3600, base * 2 ** Math.max(0, attempts - 1));
}

async function bodyOf(orm: MikroORM, eventType: WebhookEventType, refId: string, at: Date): Promise<string | null> {
  const em = orm.em.fork();
  const data = eventType === WebhookEventType.PARTNER_NOTICE ? await partnerNoticeForWebhook(em, refId) : await deliveryAssignmentForWebhook(em, refId);
  return data ? JSON.stringify({ type: eventType, timestamp: at.toISOString(), data }) : null;
}

/**
 * One pass: claim due deliveries (SKIP LOCKED, a lease per claim), POST each
 * signed by the Standard Webhooks scheme (webhook-id, webhook-timestamp,
 * webhook-signature: HMAC-SHA256 with the partner's secret, by the
 * standardwebhooks package), and record the outcome: 2xx → DELIVERED, else a
 * retry with backoff, DEAD after the last attempt.
 */
export async function dispatchDueWebhooks(orm: MikroORM, settings: WebhookSettings, logger: Logger, now: Date = new Date()): Promise<WebhookDispatchReport> {
  const connection = orm.em.fork().getConnection();
  const report: WebhookDispatchReport = { claimed: 0, delivered: 0, retried: 0, dead: 0, nextDueAt: null };
  const claimed = await connection.execute<Claimed[]>(
    `with due as (
       select id from webhook_delivery
       where (status = 'PENDING' and next_attempt_at <= ?) or (status = 'SENDING' and lease_until < ?)
       order by next_attempt_at, id limit ? for update skip locked
     ), claimed as (
       update webhook_delivery d set status = 'SENDING', attempts = d.attempts + 1, lease_until = ?, last_attempt_at = ?
       from due where d.id = due.id
       returning d.id, d.partner_id, d.event_type, d.ref_id, d.attempts
     )
     select c.id, c.partner_id as "partnerId", c.event_type as "eventType", c.ref_id as "refId", c.attempts, w.url, w.secret
     from claimed c left join partner_webhook w on w.partner_id = c.partner_id`,
    [now, now, settings.batchSize, new Date(now.getTime() + settings.leaseSeconds * 1000), now],
  );
  report.claimed = claimed.length;
  for (const delivery of claimed) {
    const guard = [delivery.id, delivery.attempts];
    // A secret that does not open (another key, a tampered value) signs nothing: SECRET_UNREADABLE.
    const secret = delivery.secret ? openWebhookSecret(settings.secretKey, delivery.secret, delivery.partnerId) : null;
    const body = delivery.url && secret ? await bodyOf(orm, delivery.eventType, delivery.refId, now) : null;
    let failure: string | null = null;
    if (!body || !delivery.url || !secret) {
      failure = !delivery.url ? 'NO_ENDPOINT' : !secret ? 'SECRET_UNREADABLE' : 'EVENT_GONE';
    } else {
      const sentAt = new Date();
      const signature = new Webhook(secret).sign(delivery.id, sentAt, body);
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Rekisteri-Webhooks/1',
            'webhook-id': delivery.id,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.status < 200 || response.status > 299) failure = `HTTP ${response.status}`;
      } catch (error) {
        const e = error as { name?: string; cause?: { code?: string } };
        failure = e.name === 'TimeoutError' ? 'TIMEOUT' : (e.cause?.code ?? e.name ?? 'ERROR');
      }
    }
    if (failure === null) {
      await connection.execute(
        `update webhook_delivery set status = 'DELIVERED', delivered_at = ?, lease_until = null, last_error = null where id = ? and status = 'SENDING' and attempts = ?`,
        [new Date(), ...guard],
      );
      report.delivered++;
      continue;
    }
    const permanent = failure === 'NO_ENDPOINT' || failure === 'EVENT_GONE';
    if (permanent || delivery.attempts >= settings.maxAttempts) {
      await connection.execute(`update webhook_delivery set status = 'DEAD', last_error = ?, lease_until = null where id = ? and status = 'SENDING' and attempts = ?`, [
        failure,
        ...guard,
      ]);
      report.dead++;
      logger.warn({ webhookDeliveryId: delivery.id, partnerId: delivery.partnerId, attempts: delivery.attempts, failure }, 'webhook delivery given up');
    } else {
      const next = new Date(now.getTime() + retryDelaySeconds(delivery.attempts, settings.retryBaseSeconds) * 1000);
      await connection.execute(
        `update webhook_delivery set status = 'PENDING', last_error = ?, next_attempt_at = ?, lease_until = null where id = ? and status = 'SENDING' and attempts = ?`,
        [failure, next, ...guard],
      );
      report.retried++;
      if (!report.nextDueAt || next < report.nextDueAt) report.nextDueAt = next;
    }
  }
  return report;
}
