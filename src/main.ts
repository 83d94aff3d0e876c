import 'reflect-metadata';
import type { Server } from 'node:http';
import { ConfigError, loadConfig, runtimeSettings } from './config/config';
import { openDatabase } from './app/database';
import { connectTarget } from './core/db/connect';
import { createApp } from './app/http';
import { createLogger } from './core/logging/logger';
import { describeDemoAccounts, ensureDemoAccounts, type DemoAccounts } from './modules/demo/demo-accounts';
import { loadDemoDataIfEmpty } from './modules/demo/demo-data';
import { scheduleRetention, startJobQueue, startRetentionWorker } from './modules/retention/retention.jobs';
import { ensurePrivacyNotices } from './modules/privacy-notice/privacy-notice.service';

/** config → database → schema → HTTP server; nothing else. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  const target = await connectTarget(config, { announce: true });
  const orm = await openDatabase(target.url, logger, { sqlDebug: config.sqlDebug });
  await ensurePrivacyNotices(orm.em.fork());
  const settings = runtimeSettings(config);
  let demoAccounts: DemoAccounts | null = null;
  if (config.demoMode) {
    await loadDemoDataIfEmpty(orm, logger, settings);
    demoAccounts = await ensureDemoAccounts(orm, new Date());
  }

  // §4.2, §4.3, §8.6, §8.9: the retention clocks run inside the API unless RUN_WORKER=false.
  const boss = config.runWorker ? await startJobQueue(target.url, logger, { schedule: true }) : null;
  if (boss) {
    await scheduleRetention(boss, config.retentionSchedules);
    await startRetentionWorker(boss, orm, settings, logger);
  }

  const { app, stop } = await createApp({
    orm,
    logger,
    settings,
    production: config.nodeEnv === 'production',
    introspection: config.introspection,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.port, () => resolve(listening));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  // Plain lines for the person at the terminal; structured logs go on alongside.
  process.stdout.write(
    [
      '',
      `Rekisteri is serving GraphQL at http://localhost:${port}/graphql`,
      `Database: ${target.description}${config.demoMode ? ' (demo mode)' : ''}`,
      `Health: http://localhost:${port}/healthz  Readiness: http://localhost:${port}/readyz`,
      `Retention worker: ${boss ? 'running (pg-boss, schema pgboss)' : 'off (RUN_WORKER=false); run it with npm run worker'}`,
      'Try: curl -s localhost:' + port + "/graphql -H 'content-type: application/json' -d '{\"query\":\"{ privacyNotice(language: EN) { controller { name } } }\"}'",
      ...(demoAccounts ? ['', describeDemoAccounts(demoAccounts, `http://localhost:${port}/graphql`)] : []),
      '',
      'Stop with Ctrl-C.',
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    await boss?.stop({ graceful: true, timeout: 10_000 });
    await stop();
    await orm.close();
    await target.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`Rekisteri failed to start: ${message}\n`);
  process.exit(1);
});
