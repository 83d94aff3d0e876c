import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';
import type { Metrics } from './metrics';

/**
 * One access-log line per HTTP request (method, route template, status, time, request id,
 * trace id) and the HTTP metrics. The path is reduced to a known template: an unsubscribe
 * link's token, or whatever an unknown path holds, never reaches a log line or a label.
 */

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  parentId: string;
}

/** W3C Trace Context `traceparent` (version 00); an all-zero or malformed one is ignored. */
export function parseTraceparent(header: string | undefined): TraceContext | null {
  const match = header ? TRACEPARENT.exec(header.trim()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return null;
  return { traceId: match[1], parentId: match[2] };
}

export function routeTemplate(path: string): string {
  if (path === '/graphql' || path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  if (path.startsWith('/unsubscribe/')) return '/unsubscribe/:token';
  if (path.startsWith('/ide/')) return '/ide/*';
  return 'unknown';
}

export function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const trace = parseTraceparent(req.header('traceparent'));
    if (trace) res.locals.trace = trace;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeTemplate(req.path);
      metrics.httpDone(req.method, route, res.statusCode, seconds);
      logger.info(
        {
          requestId: res.locals.requestId,
          ...(trace ? { traceId: trace.traceId, parentSpanId: trace.parentId } : {}),
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1e6) / 1e3,
        },
        'http request',
      );
    });
    next();
  };
}
