import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export interface AppErrorOptions {
  /** Path of the offending input field, e.g. "input.email". */
  field?: string;
  /** Extra, non-personal details for the client. */
  details?: Record<string, unknown>;
}

/**
 * The one error class of the application: a code, a message a person can read, and the field at fault.
 * Not constructed directly: every code comes from a catalog (`defineErrors`), the core one
 * (src/core/graphql/core.errors.ts) or a domain's `<domain>.errors.ts`, so a client can find every
 * code it may meet in one place per domain (test/contract/error-codes.test.ts scans src for strays).
 */
export class AppError extends GraphQLError {
  readonly code: string;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
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

/** Options of one thrown error: the default message of its code can be replaced by a more precise one. */
export interface CatalogErrorOptions extends AppErrorOptions {
  message?: string;
}

/** A domain's error codes, each with its default English message (issue 12 part 8). */
export interface ErrorCatalog<C extends string> {
  /** The domain that declares these codes, e.g. "orders"; "core" for the generic ones. */
  readonly domain: string;
  readonly codes: readonly C[];
  readonly messages: { readonly [K in C]: string };
  /** `{ CODE: 'CODE' }`: the codes as an enum object, for registerEnumType and for code without strings. */
  readonly enum: { readonly [K in C]: K };
  /** The coded error, with the code's default message unless `options.message` says it more precisely. */
  error(code: C, options?: CatalogErrorOptions): AppError;
  /** The body of a plain JSON error (outside GraphQL execution): `{ message, extensions: { code } }`. */
  body(code: C, message?: string, extensions?: Record<string, unknown>): { message: string; extensions: { code: C } & Record<string, unknown> };
  /** Whether `code` is one of these codes. */
  has(code: string): code is C;
}

/**
 * Declares a catalog: the list of codes and a message for each. The message map is typed from the list
 * (NoInfer), so a code without a message, or a message for a code that is not listed, does not compile.
 */
export function defineErrors<const C extends string>(domain: string, codes: readonly C[], messages: { readonly [K in NoInfer<C>]: string }): ErrorCatalog<C> {
  const known = new Set<string>(codes);
  const asEnum = Object.freeze(Object.fromEntries(codes.map((c) => [c, c]))) as { readonly [K in C]: K };
  return {
    domain,
    codes,
    messages,
    enum: asEnum,
    error: (code, options = {}) => new AppError(code, options.message ?? messages[code], options),
    body: (code, message, extensions = {}) => ({ message: message ?? messages[code], extensions: { ...extensions, code } }),
    has: (code): code is C => known.has(code),
  };
}

/**
 * The generic codes, shared by every domain; a domain's own codes carry its prefix (ERASURE_LEGAL_HOLD,
 * ORDER_NOT_EDITABLE) and live in `src/modules/<domain>/<domain>.errors.ts`.
 */
export const coreErrors = defineErrors(
  'core',
  [
    'BAD_USER_INPUT',
    'BAD_REQUEST',
    'NOT_FOUND',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'RESTRICTED',
    'CONFLICT',
    'TOO_MANY_REQUESTS',
    'REQUEST_TOO_LARGE',
    'OPERATION_TOO_DEEP',
    'OPERATION_TOO_MANY_ALIASES',
    'OPERATION_TOO_MANY_DIRECTIVES',
    'OPERATION_TOO_COSTLY',
    'SERVICE_UNAVAILABLE',
    'INTERNAL_SERVER_ERROR',
  ],
  {
    BAD_USER_INPUT: 'The input is not valid',
    BAD_REQUEST: 'Bad request',
    NOT_FOUND: 'Not found',
    UNAUTHENTICATED: 'Sign in first',
    FORBIDDEN: 'Your role does not allow this',
    RESTRICTED: 'Processing of this data is restricted while it is disputed (§8.11)',
    CONFLICT: 'A concurrent change got in the way; nothing was changed, try again',
    TOO_MANY_REQUESTS: 'Too many requests from this address; wait a moment and try again',
    REQUEST_TOO_LARGE: 'The request body is too large',
    OPERATION_TOO_DEEP: 'The operation is nested too deeply',
    OPERATION_TOO_MANY_ALIASES: 'The operation has too many aliases',
    OPERATION_TOO_MANY_DIRECTIVES: 'The operation has too many directives',
    OPERATION_TOO_COSTLY: 'The operation would cost more than its budget',
    SERVICE_UNAVAILABLE: 'The service is temporarily unavailable; try again shortly',
    INTERNAL_SERVER_ERROR: 'Internal server error',
  },
);

export type CoreErrorCode = (typeof coreErrors.codes)[number];

export const badInput = (field: string, message: string): AppError => coreErrors.error('BAD_USER_INPUT', { message, field });

export const notFound = (field: string, what: string): AppError => coreErrors.error('NOT_FOUND', { message: `${what} not found`, field });

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
    return { ...coreErrors.body('INTERNAL_SERVER_ERROR'), path: formatted.path };
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
    if (state === '23503') return { code: coreErrors.enum.CONFLICT, message: 'Something this change refers to was removed meanwhile; nothing was changed' };
    if (state === '40001' || state === '40P01') return { code: coreErrors.enum.CONFLICT, message: coreErrors.messages.CONFLICT };
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
  const frames = (e.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, 8);
  if (sqlState) {
    return { name: e.name, sqlState, constraint: e.constraint, table: e.table, frames };
  }
  return { name: e.name, message: e.message, frames };
}
