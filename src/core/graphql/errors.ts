import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Codes every client may see. Domain modules add their own (prefixed, e.g.
 * ERASURE_LEGAL_HOLD) through AppError; anything that is not an AppError or a
 * GraphQL/Apollo request error is an unknown failure and is masked.
 */
export type CoreErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

export interface AppErrorOptions {
  /** Path of the offending input field, e.g. "input.email". */
  field?: string;
  /** Extra, non-personal details for the client. */
  details?: Record<string, unknown>;
}

/** The one error class of the application: a code, a message a person can read, and the field at fault. */
export class AppError extends GraphQLError {
  readonly code: string;

  constructor(code: CoreErrorCode | (string & {}), message: string, options: AppErrorOptions = {}) {
    super(message, {
      extensions: {
        code,
        ...(options.field ? { field: options.field } : {}),
        ...(options.details ?? {}),
      },
    });
    this.code = code;
  }
}

export const badInput = (field: string, message: string): AppError =>
  new AppError('BAD_USER_INPUT', message, { field });

export const notFound = (field: string, what: string): AppError =>
  new AppError('NOT_FOUND', `${what} not found`, { field });

/** Codes produced by graphql-js / Apollo for malformed requests: safe to pass through. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

function findAppError(error: unknown): AppError | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * Apollo's formatError: keep our own coded errors and request errors, and
 * mask everything else (logged by the request plugin, with its request id) so SQL, stack traces and internals never reach a client.
 * In production, "Did you mean …?" hints are stripped so the schema cannot be
 * enumerated through validation errors.
 */
/** True for an error that is neither ours nor a malformed request: a bug or an outage, to be logged and masked. */
export function isUnexpected(error: unknown): boolean {
  if (findAppError(error)) return false;
  const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
  return !(typeof code === 'string' && REQUEST_ERROR_CODES.has(code));
}

export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const appError = findAppError(error);
    if (appError) {
      // `http` tells Apollo the status code; it is not for the client's body.
      const { http: _http, ...extensions } = appError.extensions;
      return { message: appError.message, path: formatted.path, locations: formatted.locations, extensions };
    }
    const concurrency = concurrencyErrorOf(error);
    if (concurrency) return { message: concurrency.message, path: formatted.path, extensions: { code: concurrency.code } };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      const message = production ? formatted.message.replace(/ ?Did you mean .*\?$/, '') : formatted.message;
      return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * Database refusals that concurrent writers cause (issue 10) answer a clean
 * coded error instead of INTERNAL_SERVER_ERROR: a row this change refers to
 * was removed meanwhile (foreign key), or the database could not serialise
 * two transactions (serialisation failure, deadlock). Both leave nothing
 * half-written; the client may try again.
 */
function concurrencyErrorOf(error: unknown): { code: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const e = current as { code?: unknown; sqlState?: unknown };
    const state = typeof e.sqlState === 'string' ? e.sqlState : typeof e.code === 'string' ? e.code : '';
    if (state === '23503') return { code: 'CONFLICT', message: 'Something this change refers to was removed meanwhile; nothing was changed' };
    if (state === '40001' || state === '40P01') return { code: 'CONFLICT', message: 'A concurrent change got in the way; nothing was changed, try again' };
    current = (current as { originalError?: unknown; cause?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * A loggable description of an unknown error without personal data. Database
 * errors carry the SQL parameters and the offending values in their message
 * and detail ("Key (email)=(…) already exists"), so for those only the SQL
 * state, constraint and stack frames are kept.
 */
export function describeErrorSafely(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; sqlState?: unknown; constraint?: unknown; table?: unknown };
  const sqlState = typeof e.sqlState === 'string' ? e.sqlState : typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  // Only the call frames: the lines between the message and the frames may carry a driver's detail with values.
  const frames = (e.stack ?? '').split('\n').map((line) => line.trim()).filter((line) => line.startsWith('at ')).slice(0, 8);
  if (sqlState) {
    return { name: e.name, sqlState, constraint: e.constraint, table: e.table, frames };
  }
  return { name: e.name, message: e.message, frames };
}
