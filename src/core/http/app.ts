import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { RuntimeSettings } from '../../config/config';
import { migrationsPending } from '../db/database';
import type { Principal } from '../auth/principal';
import { createRequestContext, type ContextServices, type RequestContext } from '../graphql/context';
import { createErrorFormatter, describeErrorSafely, isUnexpected } from '../graphql/errors';
import type { Logger } from '../logging/logger';

/** Turns a request's credentials into a principal (default: bearer session and partner tokens). */
export type Authenticate = (req: Request, orm: MikroORM) => Promise<Principal>;

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
}

export interface RekisteriApp {
  app: Express;
  apollo: ApolloServer<RequestContext>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

function requestIdOf(req: Request): string {
  const given = req.header('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export async function createApp(options: AppOptions): Promise<RekisteriApp> {
  const { orm, logger } = options;
  const { composition } = options;
  const authenticate = options.authenticate ?? composition.authenticator(options.now);

  const apollo = new ApolloServer<RequestContext>({
    schema: composition.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the process's signals and stops Apollo, the ORM and the database in order.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(options.production),
    // Cache-control hints cost ~2x on big responses and nothing here uses them.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart({ contextValue, request }) {
          const started = process.hrtime.bigint();
          return {
            async didEncounterErrors({ errors }) {
              // Unknown failures are logged here, with the request id; formatError only masks them.
              for (const error of errors) {
                if (isUnexpected(error)) {
                  contextValue.log.error({ err: describeErrorSafely(error.originalError ?? error), path: error.path }, 'unexpected error while resolving a request');
                }
              }
            },
            async willSendResponse({ errors, response, operationName }) {
              // §9.2: the request's reads of personal data, in one write. If it cannot be
              // written, nothing read is handed out: disclosure without a record is refused.
              try {
                await contextValue.audit.flush(contextValue.em, contextValue.principal, {
                  requestId: contextValue.requestId,
                  operation: operationName ?? null,
                  at: contextValue.now(),
                });
              } catch (error) {
                contextValue.log.error({ err: describeErrorSafely(error) }, 'could not write the read audit; response withheld');
                if (response.body.kind === 'single') {
                  response.body.singleResult.data = null;
                  response.body.singleResult.errors = [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
                }
              }
              // Only the operation's name, timing and error codes: never variables or query text.
              contextValue.log.info(
                {
                  operation: request.operationName ?? null,
                  ms: Number(process.hrtime.bigint() - started) / 1e6,
                  principal: contextValue.principal.kind,
                  errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
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

  // Every response carries a request id, also those refused before GraphQL runs.
  app.use((req, res, next) => {
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });

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

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = String(res.locals.requestId);
        const principal = await authenticate(req, orm);
        return createRequestContext({
          orm,
          principal,
          requestId,
          log: logger.child({ requestId }),
          settings: options.settings,
          now: options.now,
          clientAddress: req.ip ?? 'unknown',
          services: composition.contextServices,
        });
      },
    }),
  );

  // A body that is not JSON, or anything else express refuses, answers JSON without a stack trace.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = (error as { type?: string }).type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Bad request';
      res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ requestId: res.locals.requestId, err: describeErrorSafely(error) }, 'unexpected error in the HTTP layer');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  return { app, apollo, stop: () => apollo.stop() };
}
