import { createApp as createCoreApp, type AppOptions, type RekisteriApp } from '../core/http/app';

export type { RekisteriApp };
import { createAuthenticator } from '../modules/identity/authenticate';
import { unsubscribeRouter } from '../modules/unsubscribe/unsubscribe.routes';
import { identityCheckRouter } from '../modules/identity-checks/identity-checks.routes';
import { CONTEXT_SERVICES, createRequestContext } from './context';
import { buildSchema } from './schema';

/** The HTTP app with every module in it. */
export function createApp(options: Omit<AppOptions, 'composition'>): Promise<RekisteriApp> {
  return createCoreApp({
    ...options,
    composition: {
      schema: buildSchema(),
      authenticator: createAuthenticator,
      // §4.4 one-click unsubscribe (RFC 8058), reachable without signing in.
      // §8.5 identity checks by link, opened from the e-mail without signing in.
      routers: ({ orm, settings, logger, now }) => [
        unsubscribeRouter(orm, settings, logger, now),
        identityCheckRouter({
          orm,
          logger,
          now,
          contextFor: (principal, requestId) => createRequestContext({ orm, principal, requestId, log: logger, settings, now }),
        }),
      ],
      contextServices: CONTEXT_SERVICES,
    },
  });
}
