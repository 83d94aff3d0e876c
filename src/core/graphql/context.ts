import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { lazySqlRunner, type SqlRunner } from '../db/sql';
import type { RuntimeSettings } from '../../config/config';
import type { PendingCredentialCheck } from '../auth/credential-check';
import type { Principal } from '../auth/principal';
import type { RequestLog } from '../logging/logger';
import type { Contributions } from '../module';
import type { RequestAccess } from './guard';

/*
 * core/ imports no module: what the modules add to a request (their loaders,
 * the audit collector) is declared here as an open interface and filled in
 * by the composition layer (src/app/context.ts augments both and passes the
 * factories in as `services`).
 */

/** The request's DataLoaders, contributed by the modules (shape declared in src/app/context.ts). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging from src/app/context.ts
export interface Loaders {}

/** The request's audit collector (§9.2), from the audit module (shape declared in src/app/context.ts). */
export interface RequestAudit {
  /** Note that this request handed out this coordinate of this customer's data (the read guard calls it per row). */
  recordRead(customerId: string | null | undefined, coordinate: string): void;
  /** `em` is asked for only when there is something to write, so a request that read nothing audited forks no EntityManager. */
  flush(em: () => EntityManager, principal: Principal, meta: { requestId: string; operation: string | null; at: Date }): Promise<void>;
}

/** What the composition layer hands every request: the modules' per-request services and contributions. */
export interface ContextServices {
  /** The principal lets a loader select what this reader's rules need (e.g. marketing's consented channels). */
  loaders(sql: SqlRunner, principal: Principal): Loaders;
  audit(): RequestAudit;
  /** What the modules contribute to the cross-cutting engines (personal-data handlers, the map). */
  contributions: Contributions;
}

/**
 * Everything a resolver or service needs for one request. Services take it
 * first and read no globals, so the principal, the transaction and the request
 * id follow the work wherever it goes.
 */
export interface RequestContext {
  requestId: string;
  principal: Principal;
  /**
   * A fork of the ORM's EntityManager: its own identity map for this request. Made on first use
   * (createRequestContext): a spread of the context (`{ ...ctx, now }`) does not carry it, so a copy
   * must name it (`{ ...ctx, em: ctx.em }`, or the transaction's em).
   */
  em: EntityManager;
  sql: SqlRunner;
  loaders: Loaders;
  log: RequestLog;
  /** The clock; tests and the retention jobs may pass their own. */
  now(): Date;
  settings: RuntimeSettings;
  /** The client's address as express sees it; used only for throttling, never stored in clear. */
  clientAddress: string;
  /** The browser sent `Sec-GPC: 1` (Global Privacy Control): a refusal of sale/sharing, i.e. of marketing cookies (§10.2). */
  globalPrivacyControl: boolean;
  /** Reads and changes of personal data in this request, written once at its end (§9.2). */
  audit: RequestAudit;
  /** The modules' contributions the engines loop over (export, erasure, retention). */
  contributions: Contributions;
  /** The compiled permissions and document plan, attached by the schema's guard on the first field. */
  access?: RequestAccess;
  /** The principal's check still to do (core/auth/credential-check.ts); null when authentication did it. */
  credential: PendingCredentialCheck | null;
}

export interface ContextOptions {
  orm: MikroORM;
  principal: Principal;
  requestId: string;
  log: RequestLog;
  settings: RuntimeSettings;
  now?: () => Date;
  clientAddress?: string;
  globalPrivacyControl?: boolean;
  /** The modules' part of a request, from the composition layer (src/app/context.ts). */
  services: ContextServices;
  /** The principal's check, when the authenticator left it to ride along with the first read. */
  credential?: PendingCredentialCheck;
}

/** Where the request's EntityManager comes from, and the fork once somebody asked for it. */
interface ForkState {
  readonly orm: MikroORM;
  em?: EntityManager;
}

/*
 * The request's context. Forking MikroORM's EntityManager builds a unit of work, an identity
 * map, loaders and a copy of the filters, and sets a configuration value twice (it writes
 * process.env each time): ≈ 8% of the storefront's CPU at 32 concurrent requests
 * (bench:peer --profile, issue 9). The read path never uses it (loaders read through `sql`,
 * which runs on the pool), so it is forked on first use. The getter sits on the prototype
 * and the state is an own property holding an object: Apollo copies the context per
 * operation with Object.assign(Object.create(prototype), context), which keeps the
 * prototype and shares the state, so the copy and the original fork at most once, together.
 */
class Context {
  declare readonly fork: ForkState;

  get em(): EntityManager {
    const state = this.fork;
    if (!state.em) state.em = state.orm.em.fork();
    return state.em;
  }
}

export function createRequestContext(options: ContextOptions): RequestContext {
  const fork: ForkState = { orm: options.orm };
  const sql = lazySqlRunner(options.orm.em, () => fork.em, options.credential);
  const values: Omit<RequestContext, 'em'> & { fork: ForkState } = {
    fork,
    requestId: options.requestId,
    principal: options.principal,
    sql,
    loaders: options.services.loaders(sql, options.principal),
    log: options.log,
    now: options.now ?? (() => new Date()),
    settings: options.settings,
    clientAddress: options.clientAddress ?? 'local',
    globalPrivacyControl: options.globalPrivacyControl ?? false,
    audit: options.services.audit(),
    contributions: options.services.contributions,
    credential: options.credential ?? null,
  };
  return Object.assign(new Context(), values) as unknown as RequestContext;
}
