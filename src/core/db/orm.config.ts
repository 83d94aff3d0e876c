import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Running from compiled JS (dist/src/core/db) or from TypeScript sources. */
const COMPILED = __filename.endsWith('.js');

/** The modules' entities, as class references (globs do not survive bundling or jest); src/app/ gathers them. */
export type OrmEntities = NonNullable<Options['entities']>;

export function ormOptions(clientUrl: string, entities: OrmEntities, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // Plain require: MikroORM's default real import() fails inside jest's VM.
    dynamicImportProvider: (id: string) => Promise.resolve(require(id)),
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: path.join(ROOT, 'migrations'),
      pathTs: path.join(ROOT, 'migrations'),
      glob: COMPILED ? '!(*.d).js' : '!(*.d).ts',
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: '.snapshot-rekisteri',
      emit: 'ts',
      silent: true,
    },
    pool: { min: 0, max: 10 },
    // No file cache of metadata: shared between jest's global setup and its workers it breaks
    // (cross-realm Map, mikro-orm#3783), and discovery of a dozen entities takes milliseconds.
    metadataCache: { enabled: false },
    // Entities are fetched explicitly; never lazily behind the caller's back.
    forceUndefined: false,
    debug: false,
    ...overrides,
  });
}
