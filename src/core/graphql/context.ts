import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sqlRunner, type SqlRunner } from '../db/sql';
import type { RuntimeSettings } from '../../config/config';
import type { Principal } from '../auth/principal';
import type { Logger } from '../logging/logger';
import { AuditCollector } from '../../modules/audit/audit.collector';
import { createConsentLoaders } from '../../modules/consents/consents.loaders';
import { createCustomerLoaders } from '../../modules/customers/customers.loaders';
import { createLoyaltyLoaders } from '../../modules/loyalty/loyalty.loaders';
import { createOrderLoaders } from '../../modules/orders/orders.loaders';
import type { RequestAccess } from './guard';

export type Loaders = ReturnType<typeof createLoaders>;

function createLoaders(sql: SqlRunner, principal: Principal) {
  return {
    ...createCustomerLoaders(sql, principal),
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
  settings: RuntimeSettings;
  /** The client's address as express sees it; used only for throttling, never stored in clear. */
  clientAddress: string;
  /** Reads and changes of personal data in this request, written once at its end (§9.2). */
  audit: AuditCollector;
  /** The compiled permissions and document plan, attached by the schema's guard on the first field. */
  access?: RequestAccess;
}

export interface ContextOptions {
  orm: MikroORM;
  principal: Principal;
  requestId: string;
  log: Logger;
  settings: RuntimeSettings;
  now?: () => Date;
  clientAddress?: string;
}

export function createRequestContext(options: ContextOptions): RequestContext {
  const em = options.orm.em.fork();
  const sql = sqlRunner(em);
  return {
    requestId: options.requestId,
    principal: options.principal,
    em,
    sql,
    loaders: createLoaders(sql, options.principal),
    log: options.log,
    now: options.now ?? (() => new Date()),
    settings: options.settings,
    clientAddress: options.clientAddress ?? 'local',
    audit: new AuditCollector(),
  };
}
