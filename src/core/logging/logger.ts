import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never goes into a log line: we log ids,
 * operation names, durations and error codes, never variables, query text or
 * row contents. The redact list is a second line of defence for fields that
 * might slip into an error object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'rekisteri' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'email',
        '*.email',
        'phone',
        '*.phone',
        'password',
        '*.password',
        'token',
        '*.token',
        'variables',
        '*.variables',
        'req.headers.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The API's standard output, written off the request path (pino's asynchronous destination): the
 * access log and the operation line are two lines a request, and written synchronously each was a
 * system call on the event loop. Lines that arrive while a write is under way go out together with
 * the next one; pino writes what is left when the process exits (a stop, process.exit, an uncaught
 * exception). Only a hard end (SIGKILL, the machine going away) can lose the lines not yet written.
 */
export function asynchronousStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/** What a request logs through: a line with an object of ids and codes, and a message. */
export interface RequestLog {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/**
 * A request's log, bound to its ids; the child logger behind it is made when the first line is
 * written. At `info` that is every request's operation line; at `warn` and above most requests
 * write none, and pino's child (its bindings serialized with redaction when it is made) was ≈ 1%
 * of a storefront read's CPU and 2 kB allocated in issue 9's profile.
 */
export function requestLog(logger: Logger, bindings: Record<string, unknown>): RequestLog {
  let child: Logger | undefined;
  const line = (level: 'error' | 'warn' | 'info') => (fields: object, message: string) => {
    if (!logger.isLevelEnabled(level)) return;
    child ??= logger.child(bindings);
    child[level](fields, message);
  };
  return { error: line('error'), warn: line('warn'), info: line('info') };
}

export type { Logger };
