import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { AppError, coreErrors } from '../graphql/errors';

/**
 * While the database cannot be reached, the API says so: HTTP 503 with
 * Retry-After and the code SERVICE_UNAVAILABLE, within the pool's acquire
 * timeout (see openAppOrm), instead of a generic INTERNAL_SERVER_ERROR after
 * many seconds. A load balancer and the admin panel can then retry.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL SQLSTATE classes and driver codes that mean "no database right now":
 * connection exceptions (08), shutdown and crash recovery (57P01–04), too many
 * connections (53300), and a database that is not there (3D000, e.g. dropped
 * under a running API) — a fault of the database, never the client's.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300|3D000)$/;
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'EPIPE']);
const UNAVAILABLE_NAMES = new Set(['KnexTimeoutError', 'ConnectionException', 'TimeoutError']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|Timeout acquiring a connection|ECONNREFUSED|the database system is (shutting down|starting up)/i;

/** True when `error`, or an error it wraps, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { name?: unknown; code?: unknown; message?: unknown; errors?: unknown };
    if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
    // AggregateError (happy-eyeballs connects to several addresses) holds the real causes.
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { originalError?: unknown; cause?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

function unavailableHttp() {
  return { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) };
}

/** The error to throw where a request cannot start (authentication) because the database is down. */
export function serviceUnavailable(): AppError {
  return coreErrors.error('SERVICE_UNAVAILABLE', {
    details: { http: unavailableHttp(), retryAfterSeconds: RETRY_AFTER_SECONDS },
  });
}

/** Turns a response whose resolvers met an unreachable database into one 503 SERVICE_UNAVAILABLE. */
export function availabilityPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let unavailable = false;
      return {
        async didEncounterErrors({ errors }) {
          if (errors.some((error) => isDatabaseUnavailable(error.originalError ?? error))) unavailable = true;
        },
        async willSendResponse({ response }) {
          if (!unavailable || response.body.kind !== 'single') return;
          const http = unavailableHttp();
          response.http.status = http.status;
          for (const [name, value] of http.headers) response.http.headers.set(name, value);
          response.body.singleResult.data = null;
          response.body.singleResult.errors = [coreErrors.body('SERVICE_UNAVAILABLE', undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS })];
        },
      };
    },
  };
}

/**
 * For plain HTTP routes (link pages, one-click unsubscribe): the status to
 * answer for `error`, with Retry-After set when the database is unreachable
 * (503, issue 10), else 500. Either way nothing was changed.
 */
export function failureStatus(res: { setHeader(name: string, value: string): unknown }, error: unknown): 503 | 500 {
  if (!isDatabaseUnavailable(error)) return 500;
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  return 503;
}
