import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ConfigError, type AppConfig } from '../../config/config';
import { ensureDatabase } from './admin';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

/**
 * Where the database is: DATABASE_URL, or the embedded server. The API that
 * starts the embedded server leaves its address in a file beside the data, so
 * the operator CLI can use the running server instead of starting a second
 * one on the same files.
 */
export interface DatabaseTarget {
  url: string;
  embedded: EmbeddedPostgresHandle | null;
  description: string;
  release(): Promise<void>;
}

function addressFile(config: AppConfig): string {
  return path.resolve(config.embeddedDataDir, '..', 'embedded-server.url');
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function connectTarget(config: AppConfig, options: { announce: boolean }): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    await requireReachable(config.databaseUrl);
    return { url: config.databaseUrl, embedded: null, description: `PostgreSQL at ${url.host}${url.pathname}`, release: async () => {} };
  }
  const file = addressFile(config);
  if (!options.announce && existsSync(file)) {
    const url = readFileSync(file, 'utf8').trim();
    if (await reachable(url)) return { url, embedded: null, description: 'the running embedded PostgreSQL', release: async () => {} };
  }
  const embedded = await startEmbeddedPostgres(config.embeddedDataDir, { persistent: true });
  const url = await ensureDatabase(embedded.url, 'rekisteri');
  if (options.announce) {
    // As root the data may live elsewhere (postgres-user-access.ts); the address stays beside the configured folder.
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${url}\n`, { mode: 0o600 });
    // embedded-postgres stops the server from its own exit hook, which may end the process
    // before our shutdown finishes; the address must not outlive the server either way.
    process.on('exit', () => rmSync(file, { force: true }));
  }
  return {
    url,
    embedded,
    description: `embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`,
    release: async () => {
      if (options.announce) rmSync(file, { force: true });
      await embedded.stop();
    },
  };
}

/** Why the server at DATABASE_URL cannot be used, in one line naming the variable (never the password). */
async function requireReachable(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  const client = new Client({ connectionString, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const reason =
      {
        ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
        ENOTFOUND: 'no such host',
        EAI_AGAIN: 'the host name does not resolve',
        ETIMEDOUT: 'no answer (timed out)',
        '28P01': 'the password was refused',
        '28000': 'the user may not sign in',
        '3D000': 'the database does not exist',
      }[code] ?? (/timeout/i.test(String((error as Error).message)) ? 'no answer within 5 s' : `cannot connect (${code || 'unknown error'})`);
    throw new ConfigError(`DATABASE_URL: PostgreSQL at ${where}: ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
