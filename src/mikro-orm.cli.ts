/**
 * Configuration for the MikroORM CLI (`npm run migration:create`,
 * `npm run migration:check`). Needs DATABASE_URL; the app itself goes through
 * src/app/database.ts.
 */
import 'reflect-metadata';
import { ormOptions } from './app/database';

export default ormOptions(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/rekisteri_dev');
