import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger';
import { ormOptions, type OrmEntities } from './orm.config';

export type { MikroORM };

/** The role the API acts as: may not UPDATE or DELETE the audit trail (see the migration). */
export const APP_ROLE = 'rekisteri_app';

/** Bring the schema up to date with the connecting login (the owner of the tables). */
export async function migrate(url: string, entities: OrmEntities, logger?: Logger): Promise<string[]> {
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

/**
 * The ORM the API uses: every pooled connection switches to the application
 * role first, so the database itself enforces what the role may not do.
 */
export async function openAppOrm(url: string, entities: OrmEntities, options: { sqlDebug?: boolean } = {}): Promise<MikroORM> {
  return MikroORM.init(
    ormOptions(url, entities, {
      // Every statement with its time, for profiling (REKISTERI_SQL_DEBUG=true).
      debug: options.sqlDebug ? ['query'] : false,
      pool: {
        min: 0,
        max: 10,
        afterCreate: (connection: { query: (sql: string, cb: (error: Error | null) => void) => void }, done: (error: Error | null, connection: unknown) => void) => {
          connection.query(`set role ${APP_ROLE}`, (error) => done(error, connection));
        },
      },
    }),
  );
}

/** Migrate, then open the application's ORM. */
export async function openDatabase(url: string, entities: OrmEntities, logger?: Logger, options: { sqlDebug?: boolean } = {}): Promise<MikroORM> {
  await migrate(url, entities, logger);
  return openAppOrm(url, entities, options);
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
