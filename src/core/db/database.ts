import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from '../logging/logger';
import { ormOptions, type OrmEntities } from './orm.config';
import { APP_LOGIN, appLoginUrl, DEVELOPMENT_APP_LOGIN_PASSWORD, ensureAppLogin } from './app-login';

export type { MikroORM };

/** The role the API acts as: may not UPDATE or DELETE the audit trail (see the migration). */
export const APP_ROLE = 'rekisteri_app';

/** Bring the schema up to date with the connecting login (the owner of the tables). */
export async function migrate(url: string, entities: OrmEntities, logger?: Logger): Promise<string[]> {
  // Several instances may start at once (or `npm run migrate` beside a starting API): one at a
  // time holds this session-level advisory lock; the others wait, then find nothing to apply.
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await migrateHoldingLock(url, entities, logger);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await lock.end();
  }
}

/** The advisory-lock key of schema migrations (any fixed bigint; "rekisteri migrate"). */
export const MIGRATION_LOCK = '7215603001';

async function migrateHoldingLock(url: string, entities: OrmEntities, logger?: Logger): Promise<string[]> {
  // snapshot off: MikroORM would otherwise rewrite migrations/.snapshot-*.json on every
  // `up`; the snapshot belongs to `npm run migration:create` alone.
  const base = ormOptions(url, entities);
  const orm = await MikroORM.init({ ...base, migrations: { ...base.migrations, snapshot: false } });
  try {
    const applied = await orm.getMigrator().up();
    if (applied.length > 0) logger?.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** How the API logs in: an explicit connection string (DATABASE_APP_URL) or the API login with a password. */
export type AppLogin = { url: string } | { password: string };

/**
 * The ORM the API uses. It connects as the API's own login (see app-login.ts):
 * `url` may be the owner's connection string, whose user is then replaced by
 * the API login, or a connection string of the API login itself. The pool
 * gives up on an unreachable database within the timeouts below, so requests
 * answer 503 within 2 s instead of hanging (issue 10).
 */
export async function openAppOrm(url: string, entities: OrmEntities, options: { sqlDebug?: boolean; login?: AppLogin } = {}): Promise<MikroORM> {
  const login = options.login ?? { password: DEVELOPMENT_APP_LOGIN_PASSWORD };
  const clientUrl = 'url' in login ? login.url : new URL(url).username === APP_LOGIN ? url : appLoginUrl(url, login.password);
  return MikroORM.init(
    ormOptions(clientUrl, entities, {
      // Every statement with its time, for profiling (REKISTERI_SQL_DEBUG=true).
      debug: options.sqlDebug ? ['query'] : false,
      pool: { min: 0, max: 20, acquireTimeoutMillis: 1800, createTimeoutMillis: 1000 },
      driverOptions: { acquireConnectionTimeout: 1800, connection: { connectionTimeoutMillis: 1000 } },
    }),
  );
}

/** Migrate as the owner, make sure the API login exists, then open the application's ORM as that login. */
export async function openDatabase(url: string, entities: OrmEntities, logger?: Logger, options: { sqlDebug?: boolean; login?: AppLogin } = {}): Promise<MikroORM> {
  await migrate(url, entities, logger);
  const login = options.login ?? { password: DEVELOPMENT_APP_LOGIN_PASSWORD };
  if ('password' in login) await ensureAppLogin(url, login.password);
  return openAppOrm(url, entities, { ...options, login });
}

/** True when every migration on disk has been applied (used by /readyz). */
export async function migrationsPending(orm: MikroORM): Promise<boolean> {
  const pending = await orm.getMigrator().getPendingMigrations();
  return pending.length > 0;
}

/** Replace the database part of a connection string. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
