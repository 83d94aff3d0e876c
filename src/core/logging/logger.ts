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

export type { Logger };
