import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from '../../core/logging/logger';
import { dispatchDueWebhooks, type WebhookSettings } from './webhooks.dispatcher';

/*
 * Partner webhooks on pg-boss, as the e-mail outbox: the delivery row holds
 * the state, claimed with SKIP LOCKED; pg-boss jobs are the wake-ups (NOTIFY
 * on commit, delayed jobs for retries, a cron tick every minute).
 */

export const WEBHOOK_QUEUE = 'webhooks.deliver';
export const WEBHOOK_CHANNEL = 'webhook_delivery';

export async function startWebhookWorker(
  boss: PgBoss,
  orm: MikroORM,
  settings: WebhookSettings,
  logger: Logger,
  options: { listenUrl: string | null; schedule: boolean; now?: () => Date },
): Promise<{ stop(): Promise<void> }> {
  await boss.createQueue(WEBHOOK_QUEUE, { name: WEBHOOK_QUEUE, policy: 'standard', retryLimit: 3, retryDelay: 10, expireInSeconds: 900 });
  if (options.schedule) await boss.schedule(WEBHOOK_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(WEBHOOK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
    let total = { delivered: 0, retried: 0, dead: 0 };
    let nextDueAt: Date | null = null;
    for (let pass = 0; pass < 50; pass++) {
      const report = await dispatchDueWebhooks(orm, settings, logger, options.now?.() ?? new Date());
      total = { delivered: total.delivered + report.delivered, retried: total.retried + report.retried, dead: total.dead + report.dead };
      if (report.nextDueAt && (!nextDueAt || report.nextDueAt < nextDueAt)) nextDueAt = report.nextDueAt;
      if (report.claimed < settings.batchSize) break;
    }
    if (nextDueAt) await boss.send(WEBHOOK_QUEUE, {}, { startAfter: Math.max(1, Math.ceil((nextDueAt.getTime() - Date.now()) / 1000)) });
    return total;
  });
  let listener: Client | null = null;
  if (options.listenUrl) {
    listener = new Client({ connectionString: options.listenUrl, application_name: 'rekisteri-webhook-listener' });
    listener.on('error', (error: Error & { code?: string }) => logger.warn({ err: { name: error.name, code: error.code } }, 'webhook listener error'));
    await listener.connect();
    listener.on('notification', () => {
      boss.send(WEBHOOK_QUEUE, {}).catch((error: Error) => logger.warn({ err: { name: error.name } }, 'could not queue a webhook pass'));
    });
    await listener.query(`listen ${WEBHOOK_CHANNEL}`);
  }
  await boss.send(WEBHOOK_QUEUE, {});
  return {
    stop: async () => {
      await boss.offWork(WEBHOOK_QUEUE);
      if (listener) await listener.end().catch(() => undefined);
    },
  };
}
