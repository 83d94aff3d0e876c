import 'reflect-metadata';
import { ConfigError, loadConfig, runtimeSettings, appLoginOf } from './config/config';
import { connectTarget } from './core/db/connect';
import { openDatabase } from './app/database';
import { createLogger } from './core/logging/logger';
import { ensurePrivacyNotices } from './modules/privacy-notice/privacy-notice.service';
import { startMessaging } from './modules/outbox/messaging';
import { scheduleRetention, startJobQueue, startRetentionWorker } from './modules/retention/retention.jobs';

/** The retention worker alone (`npm run worker`), for running it apart from the API instances. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const target = await connectTarget(config, { announce: false });
  const orm = await openDatabase(target.url, logger, { sqlDebug: config.sqlDebug, login: appLoginOf(config) });
  await ensurePrivacyNotices(orm.em.fork());
  const boss = await startJobQueue(target.url, logger, { schedule: true });
  await scheduleRetention(boss, config.retentionSchedules);
  await startRetentionWorker(boss, orm, runtimeSettings(config), logger);
  const messaging = await startMessaging(boss, orm, config, target.url, logger);
  process.stdout.write(`Rekisteri retention worker running on ${target.description}. E-mail: ${messaging.mailDescription}. Stop with Ctrl-C.\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await messaging.stop();
    await boss.stop({ graceful: true, timeout: 10_000 });
    await orm.close();
    await target.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`Rekisteri worker failed to start: ${message}\n`);
  process.exit(1);
});
