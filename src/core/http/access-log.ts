import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ServerResponse } from 'node:http';
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

/** Writes the access-log line and the HTTP metrics when `res` has been sent. */
export function observeResponse(
  logger: Logger,
  metrics: Metrics,
  res: ServerResponse,
  request: { method: string; route: () => string; requestId: () => string; trace: TraceContext | null },
): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = request.route();
    metrics.httpDone(request.method, route, res.statusCode, seconds);
    logger.info(
      {
        requestId: request.requestId(),
        ...(request.trace ? { traceId: request.trace.traceId, parentSpanId: request.trace.parentId } : {}),
        method: request.method,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 1e6) / 1e3,
      },
      'http request',
    );
  });
}

export function accessLog(logger: Logger, metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const trace = parseTraceparent(req.header('traceparent'));
    if (trace) res.locals.trace = trace;
    observeResponse(logger, metrics, res, {
      method: req.method,
      route: () => routeTemplate(req.path),
      requestId: () => String(res.locals.requestId),
      trace,
    });
    next();
  };
}
