import 'reflect-metadata';
import { createServer } from 'node:http';
import { appLoginOf, ConfigError, loadConfig, runtimeSettings } from './config/config';
import { openDatabase } from './app/database';
import { connectTarget } from './core/db/connect';
import { createApp } from './app/http';
import { Lifecycle, listen, ListenError, StopRequested } from './core/http/lifecycle';
import { Metrics } from './core/http/metrics';
import { asynchronousStdout, createLogger } from './core/logging/logger';
import { describeDemoAccounts, ensureDemoAccounts, type DemoAccounts } from './modules/demo/demo-accounts';
import { loadDemoDataIfEmpty } from './modules/demo/demo-data';
import { scheduleRetention, startJobQueue, startRetentionWorker } from './modules/retention/retention.jobs';
import { ensurePrivacyNotices } from './modules/privacy-notice/privacy-notice.service';
import { startMessaging } from './modules/outbox/messaging';

/** Longest a stop may take before the process exits anyway (drain 10 s + jobs + database). */
const SHUTDOWN_LIMIT_MS = 25_000;

/** config → database → schema → HTTP server; nothing else. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, asynchronousStdout());
  // From here on SIGINT, SIGTERM or the parent's exit stop everything started so far, in order.
  const life = new Lifecycle(logger, SHUTDOWN_LIMIT_MS);
  life.install();

  try {
    const target = await life.step(connectTarget(config, { announce: true }));
    life.onStop('database', () => target.release());
    const orm = await life.step(openDatabase(target.url, logger, { sqlDebug: config.sqlDebug, login: appLoginOf(config) }));
    life.onStop('orm', () => orm.close());
    await life.step(ensurePrivacyNotices(orm.em.fork()));
    const settings = runtimeSettings(config);
    let demoAccounts: DemoAccounts | null = null;
    if (config.demoMode) {
      await life.step(loadDemoDataIfEmpty(orm, logger, settings));
      demoAccounts = await life.step(ensureDemoAccounts(orm, new Date()));
    }

    // §4.2, §4.3, §8.6, §8.9: the retention clocks run inside the API unless RUN_WORKER=false.
    const boss = config.runWorker ? await life.step(startJobQueue(target.url, logger, { schedule: true })) : null;
    if (boss) {
      life.onStop('jobs', () => boss.stop({ graceful: true, timeout: 10_000 }));
      await life.step(scheduleRetention(boss, config.retentionSchedules));
      await life.step(startRetentionWorker(boss, orm, settings, logger));
    }
    // E-mail outbox and partner webhooks: delivered by the same pg-boss workers.
    const messaging = boss ? await life.step(startMessaging(boss, orm, config, target.url, logger)) : null;
    if (messaging) life.onStop('messaging', () => messaging.stop());

    const metrics = new Metrics();
    if (boss) metrics.watchQueues(boss);

    // Created before Apollo so its drain plugin can answer the requests in flight at shutdown.
    const httpServer = createServer();
    const { handler, stop } = await life.step(
      createApp({
        orm,
        logger,
        settings,
        production: config.nodeEnv === 'production',
        introspection: config.introspection,
        httpServer,
        corsOrigins: config.corsOrigins,
        trustProxy: config.trustProxy,
        metrics,
        metricsToken: config.metricsToken,
      }),
    );
    // Apollo's drain: close the listener, answer requests in flight (≤ 10 s), then the rest stops.
    life.onStop('http', stop);
    httpServer.on('request', handler);
    const port = await life.step(listen(httpServer, config.port));

    // Plain lines for the person at the terminal; structured logs go on alongside.
    process.stdout.write(
      [
        '',
        `Rekisteri is serving GraphQL at http://localhost:${port}/graphql`,
        `Database: ${target.description}${config.demoMode ? ' (demo mode)' : ''}`,
        `Health: http://localhost:${port}/healthz  Readiness: http://localhost:${port}/readyz`,
        `Retention worker: ${boss ? 'running (pg-boss, schema pgboss)' : 'off (RUN_WORKER=false); run it with npm run worker'}`,
        `E-mail: ${messaging ? messaging.mailDescription : 'delivered by npm run worker'}`,
        'Try: curl -s localhost:' + port + '/graphql -H \'content-type: application/json\' -d \'{"query":"{ privacyNotice(language: EN) { controller { name } } }"}\'',
        ...(demoAccounts ? ['', describeDemoAccounts(demoAccounts, `http://localhost:${port}/graphql`)] : []),
        '',
        'Stop with Ctrl-C.',
        '',
      ].join('\n') + '\n',
    );
    life.ready();
  } catch (error) {
    if (error instanceof StopRequested) await life.closeAndExit();
    process.stderr.write(`Rekisteri failed to start: ${describeStartFailure(error)}\n`);
    await life.closeAndExit(1);
  }
}

function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  if (error instanceof ListenError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`Rekisteri failed to start: ${describeStartFailure(error)}\n`);
  process.exit(1);
});
