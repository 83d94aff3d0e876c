import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { RuntimeSettings, TrustProxy } from '../../config/config';
import { migrationsPending } from '../db/database';
import { isProvisional, PendingCredentialCheck, type Authenticated } from '../auth/credential-check';
import { selectPrepared } from '../db/prepared';
import { createRequestContext, type ContextServices, type RequestContext } from '../graphql/context';
import { type AppError, coreErrors, createErrorFormatter, describeErrorSafely, isUnexpected } from '../graphql/errors';
import { requestLog, type Logger } from '../logging/logger';
import { costLimitPlugin, limitValidationRules } from '../graphql/limits';
import { compiledExecutor, fixedSchemaGateway } from '../graphql/executor';
import { paymentDataIn } from '../validation/card-numbers';
import { createAnonymousThrottle } from './anonymous-throttle';
import { availabilityPlugin, failureStatus, isDatabaseUnavailable, serviceUnavailable } from './availability';
import { ideRouter } from './ide';
import { corsFor, securityHeaders } from './security';
import { accessLog, observeResponse, parseTraceparent, type TraceContext } from './access-log';
import { graphqlEndpoint, takesLeanPath, type RequestStart } from './graphql-endpoint';
import { Metrics } from './metrics';

/** What authentication reads from an HTTP request: its headers (express's and the lean endpoint's alike). */
export interface CallerRequest {
  header(name: string): string | undefined;
}

/**
 * Turns a request's credentials into a principal (default: bearer session and partner tokens),
 * checked already or with its check still to do (core/auth/credential-check.ts).
 */
export type Authenticate = (req: CallerRequest, orm: MikroORM) => Promise<Authenticated>;

/** What the modules bring to the HTTP app, assembled by src/app/http.ts: core/ imports no module. */
export interface HttpComposition {
  /** The served schema (permissions and middlewares applied). */
  schema: GraphQLSchema;
  /** The default authenticator (identity module), used unless AppOptions.authenticate is given. */
  authenticator(now?: () => Date): Authenticate;
  /** Routes outside GraphQL, mounted before it (e.g. §4.4 one-click unsubscribe). */
  routers(deps: { orm: MikroORM; settings: RuntimeSettings; logger: Logger; now: () => Date }): Router[];
  contextServices: ContextServices;
}

export interface AppOptions {
  orm: MikroORM;
  logger: Logger;
  settings: RuntimeSettings;
  production: boolean;
  introspection: boolean;
  authenticate?: Authenticate;
  /** The clock handed to every request (tests pass a fixed one). */
  now?: () => Date;
  composition: HttpComposition;
  /** The server that will carry the app: stop() then drains it, answering requests in flight first. */
  httpServer?: Server;
  /** Origins whose pages may call /graphql (CORS_ORIGINS); default none. */
  corsOrigins?: string[];
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); default none. */
  trustProxy?: TrustProxy;
  /** Where request metrics go (main also adds the job queues); default: a fresh registry. */
  metrics?: Metrics;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string | null;
}

export interface RekisteriApp {
  /** What the HTTP server calls: POST /graphql with JSON on the lean endpoint, the rest on `app`. */
  handler: RequestListener;
  /** The express app behind `handler` (every route but the lean one). */
  app: Express;
  apollo: ApolloServer<RequestContext>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The caller's request id if it is a plain token; one that holds a card or bank account number (§9.5) is replaced. */
function requestIdOf(given: string | string[] | undefined): string {
  if (typeof given === 'string' && REQUEST_ID.test(given) && !paymentDataIn(given)) return given;
  // A random UUID whose groups happen to be all digits reads like a dash-separated card number
  // one time in many (the §9.5 scan then flags it): draw another.
  let id = randomUUID();
  while (paymentDataIn(id)) id = randomUUID();
  return id;
}

/** helmet's headers, computed once: they are the same on every response (nonce-free CSP). */
function staticHeadersOf(middleware: RequestHandler): string[] {
  const headers: string[] = [];
  const collector = {
    setHeader(name: string, value: unknown) {
      headers.push(name, String(value));
    },
    removeHeader() {},
  };
  middleware(collector as unknown as Request, collector as unknown as Response, () => undefined);
  return headers;
}

export async function createApp(options: AppOptions): Promise<RekisteriApp> {
  const { orm, logger } = options;
  const { composition } = options;
  const authenticate = options.authenticate ?? composition.authenticator(options.now);
  const limits = options.settings.limits;
  const throttleAnonymous = createAnonymousThrottle({ limit: limits.anonymousRequestsPerMinute, windowSeconds: 60 });

  const metrics = options.metrics ?? new Metrics({ defaultMetrics: false });
  metrics.watchPool(orm);
  const formatError = createErrorFormatter(options.production);

  /**
   * The principal's check when it rode along with the reads (credential-check.ts): done, or
   * done now on its own statement. On failure the whole response becomes the refusal the
   * authenticator would have given; nothing read under the stale principal goes out.
   */
  async function withheldByCredential(context: RequestContext, response: GraphQLResponse): Promise<boolean> {
    if (!context.credential) return false;
    let failure: AppError | null;
    try {
      failure = await context.credential.failure();
    } catch (error) {
      context.log.error({ err: describeErrorSafely(error) }, 'could not check the credential; response withheld');
      failure = isDatabaseUnavailable(error) ? serviceUnavailable() : coreErrors.error('INTERNAL_SERVER_ERROR');
    }
    if (!failure) return false;
    const http = failure.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
    response.http.status = http?.status ?? 500;
    for (const [name, value] of http?.headers ?? []) response.http.headers.set(name, value);
    response.body = { kind: 'single', singleResult: { errors: [formatError({ message: failure.message }, failure)] } };
    return true;
  }

  const apollo = new ApolloServer<RequestContext>({
    // The served schema through Apollo's gateway interface: queries run compiled (executor.ts).
    gateway: fixedSchemaGateway(composition.schema, compiledExecutor(composition.schema, { leaves: options.production ? 'trusted' : 'checked' })),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the process's signals and stops Apollo, the ORM and the database in order.
    stopOnTerminationSignals: false,
    formatError,
    // Operation limits (issue 10): tokens while parsing, then depth, aliases and directives
    // (graphql-armor) in validation, then the list-aware cost per kind of caller.
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitValidationRules(limits),
    // Cache-control hints cost ~2x on big responses and nothing here uses them.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin<RequestContext>(limits),
      availabilityPlugin<RequestContext>(),
      // Apollo's landing page loads a third-party script from a CDN; the IDE is ours (ide.ts).
      ApolloServerPluginLandingPageDisabled(),
      ...(options.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: 10_000 })] : []),
      {
        async requestDidStart({ contextValue, request }) {
          const started = process.hrtime.bigint();
          return {
            async didResolveOperation({ operation }) {
              // A write never runs on a principal whose check is still to do: it is done first, alone.
              if (contextValue.credential && operation?.operation !== 'query') {
                const failure = await contextValue.credential.failure();
                if (failure) throw failure;
              }
            },
            async didEncounterErrors({ errors }) {
              // Unknown failures are logged here, with the request id; formatError only masks them.
              for (const error of errors) {
                if (isUnexpected(error)) {
                  contextValue.log.error({ err: describeErrorSafely(error.originalError ?? error), path: error.path }, 'unexpected error while resolving a request');
                }
              }
            },
            async willSendResponse({ errors, response, operationName }) {
              // A principal that failed its check gets its refusal, and nothing was disclosed to audit.
              const withheld = await withheldByCredential(contextValue, response);
              // §9.2: the request's reads of personal data, in one write. If it cannot be
              // written, nothing read is handed out: disclosure without a record is refused.
              try {
                if (!withheld) {
                  await contextValue.audit.flush(() => contextValue.em, contextValue.principal, {
                    requestId: contextValue.requestId,
                    operation: operationName ?? null,
                    at: contextValue.now(),
                  });
                }
              } catch (error) {
                contextValue.log.error({ err: describeErrorSafely(error) }, 'could not write the read audit; response withheld');
                if (response.body.kind === 'single') {
                  response.body.singleResult.data = null;
                  response.body.singleResult.errors = [coreErrors.body('INTERNAL_SERVER_ERROR')];
                }
              }
              // Only the operation's name (the client's, else the one in the document), timing and
              // error codes: never variables or query text.
              const operation = operationName ?? request.operationName ?? null;
              const reported = withheld && response.body.kind === 'single' ? response.body.singleResult.errors : errors;
              const codes = (reported ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
              const seconds = Number(process.hrtime.bigint() - started) / 1e9;
              metrics.graphqlDone(operation, codes, seconds);
              contextValue.log.info(
                {
                  operation,
                  ms: seconds * 1e3,
                  principal: contextValue.principal.kind,
                  errors: reported?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
                },
                'graphql request',
              );
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag: GraphQL answers are POSTs no cache revalidates, and express hashed every body for one (issue 9's profile).
  app.set('etag', false);
  // The client address (§9.3 throttling) comes from the socket unless TRUST_PROXY names the proxies.
  app.set('trust proxy', options.trustProxy ?? false);
  const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const security = securityHeaders(options.production);
  app.use(security);
  const cors = corsFor(options.corsOrigins ?? []);

  /** The request context of one GraphQL request, the same on both paths to Apollo. */
  async function contextFor(caller: CallerRequest, clientAddress: string, start: RequestStart): Promise<RequestContext> {
    const authenticated = await authenticate(caller, orm).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) throw serviceUnavailable();
      throw error;
    });
    const principal = isProvisional(authenticated) ? authenticated.principal : authenticated;
    const credential = isProvisional(authenticated)
      ? new PendingCredentialCheck(authenticated.check, (sql, params) => selectPrepared<Record<string, unknown>>(orm.em, sql, params))
      : undefined;
    if (principal.kind === 'ANONYMOUS') throttleAnonymous(clientAddress);
    return createRequestContext({
      orm,
      principal,
      requestId: start.requestId,
      log: requestLog(logger, { requestId: start.requestId, ...traceFields(start.trace ?? undefined) }),
      settings: options.settings,
      now: options.now,
      clientAddress,
      // https://privacycg.github.io/gpc-spec/: the header's only defined value is "1".
      globalPrivacyControl: caller.header('sec-gpc')?.trim() === '1',
      services: composition.contextServices,
      credential,
    });
  }

  const lean = graphqlEndpoint<RequestContext>({
    apollo,
    logger,
    maxBodyBytes: limits.maxBodyBytes,
    concurrency: { max: limits.maxConcurrentOperations, queued: limits.maxQueuedOperations },
    staticHeaders: staticHeadersOf(security),
    begin(req, res) {
      const requestId = requestIdOf(req.headers['x-request-id']);
      const trace = parseTraceparent(headerOf(req, 'traceparent'));
      observeResponse(logger, metrics, res, { method: 'POST', route: () => '/graphql', requestId: () => requestId, trace });
      return { requestId, trace };
    },
    cors: (req, res, next) => cors(req as Request, res as Response, next),
    context: (req, start) => contextFor({ header: (name) => headerOf(req, name) }, proxyaddr(req, trustProxy) ?? 'unknown', start),
  });

  // Every response carries a request id, also those refused before GraphQL runs.
  app.use((req, res, next) => {
    const requestId = requestIdOf(req.headers['x-request-id']);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });

  // One access-log line per request, with the W3C trace id when the caller sent traceparent.
  app.use(accessLog(logger, metrics));

  /** Prometheus metrics (no personal data in any label). */
  app.get('/metrics', metrics.handler(options.metricsToken ?? null));

  /** Process is up. */
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Database reachable and every migration applied. */
  app.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      if (await migrationsPending(orm)) {
        res.status(503).json({ status: 'migrations pending' });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  // §4.4 one-click unsubscribe (RFC 8058), reachable without signing in.
  for (const router of composition.routers({ orm, settings: options.settings, logger, now: options.now ?? (() => new Date()) })) app.use(router);

  // CORS first: a preflight is answered here, before any route (the IDE's GET included) sees it.
  app.use('/graphql', cors);

  // Development only: the offline IDE at GET /graphql for a browser (needs introspection).
  const ide = options.introspection && !options.production ? ideRouter('/graphql') : null;
  if (ide) app.use(ide);

  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => contextFor(req, req.ip ?? 'unknown', { requestId: String(res.locals.requestId), trace: (res.locals.trace as TraceContext | undefined) ?? null }),
    }),
  );

  // Unknown routes answer JSON, like everything else here (not express's HTML page).
  app.use((_req, res) => {
    res.status(404).json({ errors: [coreErrors.body('NOT_FOUND')] });
  });

  // A body that is not JSON, or anything else express refuses, answers JSON without a stack trace.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') {
        // Issue 10: the body limit is the first operation limit, checked before any parsing.
        res.status(413).json({ errors: [coreErrors.body('REQUEST_TOO_LARGE', `Request body is larger than ${limits.maxBodyBytes} bytes`)] });
        return;
      }
      const message = type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Bad request';
      res.status(status).json({ errors: [coreErrors.body('BAD_REQUEST', message)] });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      // Issue 10: an unreachable database is a 503 with Retry-After on every route, not a 500.
      res.status(failureStatus(res, error)).json({ errors: [coreErrors.body('SERVICE_UNAVAILABLE')] });
      return;
    }
    logger.error({ requestId: res.locals.requestId, err: describeErrorSafely(error) }, 'unexpected error in the HTTP layer');
    res.status(500).json({ errors: [coreErrors.body('INTERNAL_SERVER_ERROR')] });
  });

  const handler: RequestListener = (req, res) => {
    if (takesLeanPath(req)) lean(req, res);
    else app(req, res);
  };
  return { handler, app, apollo, stop: () => apollo.stop() };
}

/** A request header as express's req.header gives it (Node lower-cases the names). */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function traceFields(trace: TraceContext | undefined): { traceId?: string; parentSpanId?: string } {
  return trace ? { traceId: trace.traceId, parentSpanId: trace.parentId } : {};
}
