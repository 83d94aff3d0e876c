import { LRUCache } from 'lru-cache';
import { coreErrors } from '../graphql/errors';

/**
 * Requests without credentials, counted per client address in fixed windows
 * (in this process's memory: a flood is refused before it reaches the
 * database). Signed-in callers are limited by their budgets instead; sign-ups
 * and sign-ins have their own database-backed throttles (identity module).
 */
export interface AnonymousThrottleOptions {
  /** Requests per address per window. */
  limit: number;
  windowSeconds: number;
}

export function createAnonymousThrottle(options: AnonymousThrottleOptions, now: () => number = Date.now) {
  const windows = new LRUCache<string, { start: number; count: number }>({ max: 50_000 });
  return function check(address: string): void {
    const at = now();
    let window = windows.get(address);
    if (!window || at - window.start >= options.windowSeconds * 1000) {
      window = { start: at, count: 0 };
      windows.set(address, window);
    }
    window.count++;
    if (window.count > options.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.start + options.windowSeconds * 1000 - at) / 1000));
      throw coreErrors.error('TOO_MANY_REQUESTS', {
        details: { retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
      });
    }
  };
}
