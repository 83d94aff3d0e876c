import { createRequestContext as createCoreContext, type ContextOptions, type ContextServices, type RequestContext } from '../core/graphql/context';
import type { Principal } from '../core/auth/principal';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RuntimeSettings } from '../config/config';
import type { SqlRunner } from '../core/db/sql';
import type { Logger } from '../core/logging/logger';
import { AuditCollector } from '../modules/audit/audit.collector';
import { createConsentLoaders } from '../modules/consents/consents.loaders';
import { createCustomerLoaders } from '../modules/customers/customers.loaders';
import { createLoyaltyLoaders } from '../modules/loyalty/loyalty.loaders';
import { createOrderLoaders } from '../modules/orders/orders.loaders';
import { CONTRIBUTIONS } from './modules';

/** The modules' DataLoaders for one request. */
function createLoaders(sql: SqlRunner, principal: Principal) {
  return {
    ...createCustomerLoaders(sql, principal),
    ...createLoyaltyLoaders(sql),
    ...createOrderLoaders(sql),
    ...createConsentLoaders(sql),
  };
}

type ModuleLoaders = ReturnType<typeof createLoaders>;

// core/graphql/context.ts declares these open; the modules' shapes are filled in here.
declare module '../core/graphql/context' {
  interface Loaders extends ModuleLoaders {}
  interface RequestAudit extends AuditCollector {}
}

export const CONTEXT_SERVICES: ContextServices = {
  loaders: createLoaders,
  audit: () => new AuditCollector(),
  contributions: CONTRIBUTIONS,
};

/** A request context with every module's part in it. */
export function createRequestContext(options: Omit<ContextOptions, 'services'>): RequestContext {
  return createCoreContext({ ...options, services: CONTEXT_SERVICES });
}

/** The context a retention pass runs in (a SYSTEM principal named after the rule), its clock fixed at `now`. */
export function retentionContext(options: { orm: MikroORM; settings: RuntimeSettings; log: Logger; now: Date; rule: string }): RequestContext {
  return createRequestContext({
    orm: options.orm,
    principal: { kind: 'SYSTEM', job: `retention:${options.rule}` },
    requestId: `retention-${options.rule.toLowerCase()}`,
    log: options.log,
    settings: options.settings,
    now: () => options.now,
  });
}
