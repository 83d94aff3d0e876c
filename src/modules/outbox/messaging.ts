import type { MikroORM } from '@mikro-orm/postgresql';
import type PgBoss from 'pg-boss';
import type { AppConfig } from '../../config/config';
import type { Logger } from '../../core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS } from './outbox.dispatcher';
import { startOutboxWorker } from './outbox.jobs';
import { mailTransportFor } from './outbox.transport';
import { DEFAULT_WEBHOOK_SETTINGS } from '../webhooks/webhooks.dispatcher';
import { startWebhookWorker } from '../webhooks/webhooks.jobs';

export interface Messaging {
  /** Where e-mail goes, for the start-up lines. */
  mailDescription: string;
  stop(): Promise<void>;
}

/** Start delivering the e-mail outbox and the partner webhooks in this process (API with RUN_WORKER, or `npm run worker`). */
export async function startMessaging(boss: PgBoss, orm: MikroORM, config: AppConfig, databaseUrl: string, logger: Logger): Promise<Messaging> {
  const transport = mailTransportFor({ smtpUrl: config.mail.smtpUrl, mailDir: config.mail.dir });
  const outbox = await startOutboxWorker(boss, orm, transport, { ...DEFAULT_OUTBOX_SETTINGS, from: config.mail.from, maxAttempts: config.mail.maxAttempts }, logger, {
    listenUrl: databaseUrl,
    schedule: true,
  });
  const webhooks = await startWebhookWorker(boss, orm, { ...DEFAULT_WEBHOOK_SETTINGS, maxAttempts: config.mail.webhookMaxAttempts, secretKey: config.webhookSecretKey }, logger, {
    listenUrl: databaseUrl,
    schedule: true,
  });
  return {
    mailDescription: transport.description,
    stop: async () => {
      await webhooks.stop();
      await outbox.stop();
      transport.close();
    },
  };
}
