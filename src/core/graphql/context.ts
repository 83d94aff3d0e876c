import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sqlRunner, type SqlRunner } from '../db/sql';
import type { Principal } from '../auth/principal';
import type { Logger } from '../logging/logger';
import { createConsentLoaders } from '../../modules/consents/consents.loaders';
import { createCustomerLoaders } from '../../modules/customers/customers.loaders';
import { createLoyaltyLoaders } from '../../modules/loyalty/loyalty.loaders';
import { createOrderLoaders } from '../../modules/orders/orders.loaders';

export type Loaders = ReturnType<typeof createLoaders>;

function createLoaders(sql: SqlRunner) {
  return {
    ...createCustomerLoaders(sql),
    ...createLoyaltyLoaders(sql),
    ...createOrderLoaders(sql),
    ...createConsentLoaders(sql),
  };
}

/**
 * Everything a resolver or service needs for one request. Services take it
 * first and read no globals, so the principal, the transaction and the request
 * id follow the work wherever it goes.
 */
export interface RequestContext {
  requestId: string;
  principal: Principal;
  /** A fork of the ORM's EntityManager: its own identity map for this request. */
  em: EntityManager;
  sql: SqlRunner;
  loaders: Loaders;
  log: Logger;
  /** The clock; tests and the retention jobs may pass their own. */
  now(): Date;
}

export function createRequestContext(
  orm: MikroORM,
  principal: Principal,
  requestId: string,
  log: Logger,
  now: () => Date = () => new Date(),
): RequestContext {
  const em = orm.em.fork();
  const sql = sqlRunner(em);
  return { requestId, principal, em, sql, loaders: createLoaders(sql), log, now };
}
