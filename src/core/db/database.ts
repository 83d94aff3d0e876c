import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger';
import { ormOptions } from './orm.config';

export type { MikroORM };

/** Open the ORM on a connection string and bring the schema up to date. */
export async function openDatabase(url: string, logger?: Logger): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(url));
  const applied = await orm.getMigrator().up();
  if (applied.length > 0) logger?.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  return orm;
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
