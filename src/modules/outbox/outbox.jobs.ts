import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from '../../core/logging/logger';
import { drainOutbox, type OutboxSettings } from './outbox.dispatcher';
import type { MailTransport } from './outbox.transport';

/*
 * Delivery of the e-mail outbox on pg-boss. The outbox row is the message's
 * state (PENDING → SENDING → SENT / DEAD), claimed with SKIP LOCKED, so any
 * number of workers may drain at once and each message is sent by one of them.
 * pg-boss supplies the wake-ups: a job when a transaction that wrote to the
 * outbox commits (a statement trigger NOTIFYs `email_outbox`, and PostgreSQL
 * delivers NOTIFY only on commit), a delayed job for the next retry, and a
 * cron tick every minute that catches anything else (a worker that was down).
 */

export const OUTBOX_QUEUE = 'outbox.email';
export const OUTBOX_CHANNEL = 'email_outbox';

export interface OutboxWorker {
  stop(): Promise<void>;
}

export async function startOutboxWorker(
  boss: PgBoss,
  orm: MikroORM,
  transport: MailTransport,
  settings: OutboxSettings,
  logger: Logger,
  options: { listenUrl: string | null; schedule: boolean; now?: () => Date },
): Promise<OutboxWorker> {
  await boss.createQueue(OUTBOX_QUEUE, { name: OUTBOX_QUEUE, policy: 'standard', retryLimit: 3, retryDelay: 10, expireInSeconds: 900 });
  if (options.schedule) await boss.schedule(OUTBOX_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(OUTBOX_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
    const report = await drainOutbox(orm, transport, settings, logger, options.now);
    if (report.nextDueAt) {
      // pg-boss holds the wake-up for the next retry (backoff), also across restarts.
      const seconds = Math.max(1, Math.ceil((report.nextDueAt.getTime() - Date.now()) / 1000));
      await boss.send(OUTBOX_QUEUE, {}, { startAfter: seconds });
    }
    return { sent: report.sent, retried: report.retried, dead: report.dead, cancelled: report.cancelled };
  });

  let listener: Client | null = null;
  if (options.listenUrl) {
    listener = new Client({ connectionString: options.listenUrl, application_name: 'rekisteri-outbox-listener' });
    listener.on('error', (error: Error & { code?: string }) => logger.warn({ err: { name: error.name, code: error.code } }, 'outbox listener error'));
    await listener.connect();
    listener.on('notification', () => {
      boss.send(OUTBOX_QUEUE, {}).catch((error: Error) => logger.warn({ err: { name: error.name } }, 'could not queue an outbox pass'));
    });
    await listener.query(`listen ${OUTBOX_CHANNEL}`);
  }
  // Whatever was written while no worker ran.
  await boss.send(OUTBOX_QUEUE, {});

  return {
    stop: async () => {
      await boss.offWork(OUTBOX_QUEUE);
      if (listener) await listener.end().catch(() => undefined);
    },
  };
}
