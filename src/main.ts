import 'reflect-metadata';
import type { Server } from 'node:http';
import { ConfigError, loadConfig, runtimeSettings } from './config/config';
import { ensureDatabase } from './core/db/admin';
import { openDatabase } from './core/db/database';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './core/db/embedded-postgres';
import { createApp } from './core/http/app';
import { createLogger } from './core/logging/logger';
import { loadDemoDataIfEmpty } from './modules/demo/demo-data';
import { ensurePrivacyNotices } from './modules/privacy-notice/privacy-notice.service';

/** config → database → schema → HTTP server; nothing else. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  let embedded: EmbeddedPostgresHandle | null = null;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl === null) {
    embedded = await startEmbeddedPostgres(config.embeddedDataDir, { persistent: true });
    databaseUrl = await ensureDatabase(embedded.url, 'rekisteri');
  }
  const orm = await openDatabase(databaseUrl, logger);
  await ensurePrivacyNotices(orm.em.fork());
  const settings = runtimeSettings(config);
  if (config.demoMode) await loadDemoDataIfEmpty(orm, logger, settings);

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

  const where = embedded
    ? `embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`
    : `PostgreSQL at ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`;
  // Plain lines for the person at the terminal; structured logs go on alongside.
  process.stdout.write(
    [
      '',
      `Rekisteri is serving GraphQL at http://localhost:${port}/graphql`,
      `Database: ${where}${config.demoMode ? ' (demo mode)' : ''}`,
      `Health: http://localhost:${port}/healthz  Readiness: http://localhost:${port}/readyz`,
      'Try: curl -s localhost:' + port + "/graphql -H 'content-type: application/json' -d '{\"query\":\"{ privacyNotice(language: EN) { controller { name } } }\"}'",
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
    await stop();
    await orm.close();
    if (embedded) await embedded.stop();
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
