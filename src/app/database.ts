import type { Options } from '@mikro-orm/postgresql';
import type { Logger } from '../core/logging/logger';
import * as core from '../core/db/database';
import { ormOptions as coreOrmOptions } from '../core/db/orm.config';
import { ENTITIES } from './modules';

export { APP_ROLE, migrationsPending, withDatabase, type MikroORM } from '../core/db/database';

/** ORM options with every module's entities. */
export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return coreOrmOptions(clientUrl, ENTITIES, overrides);
}

/** Bring the schema up to date with the connecting login (the owner of the tables). */
export function migrate(url: string, logger?: Logger): Promise<string[]> {
  return core.migrate(url, ENTITIES, logger);
}

/** The ORM the API uses, acting as the application role. */
export function openAppOrm(url: string, options: { sqlDebug?: boolean } = {}): Promise<core.MikroORM> {
  return core.openAppOrm(url, ENTITIES, options);
}

/** Migrate, then open the application's ORM. */
export function openDatabase(url: string, logger?: Logger, options: { sqlDebug?: boolean } = {}): Promise<core.MikroORM> {
  return core.openDatabase(url, ENTITIES, logger, options);
}
