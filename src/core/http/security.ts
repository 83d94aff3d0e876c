import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Browser-facing protections. CORS: only the origins in CORS_ORIGINS (the storefront and
 * the admin panel on their own origins) may call the API from a page; others get no
 * Access-Control-Allow-Origin and the browser refuses. Bearer tokens travel in a header,
 * never in cookies, so credentials mode stays off.
 */
export function corsFor(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'traceparent'],
    exposedHeaders: ['x-request-id'],
    credentials: false,
    maxAge: 600,
  });
}

/**
 * helmet's headers: HSTS (a year, subdomains), nosniff, no framing, no referrer, and a
 * Content-Security-Policy that the offline IDE (ide.ts: scripts and workers from this
 * server only; its editor injects styles, hence 'unsafe-inline' for styles alone) lives with.
 */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'worker-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(production ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
