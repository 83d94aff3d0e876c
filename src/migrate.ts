import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { connectTarget } from './core/db/connect';
import { migrate } from './app/database';
import { createLogger } from './core/logging/logger';

/**
 * `npm run migrate` (in the image: `node dist/src/migrate.js`): apply pending migrations and
 * exit. Takes the same PostgreSQL advisory lock as the API's start, so a deploy may run it as
 * a one-off job while instances start, or let every instance migrate at start: either way one
 * migrates at a time and the others find nothing left to do.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const target = await connectTarget(config, { announce: false });
  try {
    const applied = await migrate(target.url, logger);
    process.stdout.write(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Nothing to migrate: the schema is up to date.\n');
  } finally {
    await target.release();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`Migration failed: ${message}\n`);
    process.exit(1);
  },
);
