import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import type { RuntimeSettings } from '../../config/config';
import type { Logger } from '../../core/logging/logger';
import { describeErrorSafely } from '../../core/graphql/errors';
import { failureStatus } from '../../core/http/availability';
import { unsubscribe, verifyUnsubscribeToken } from './unsubscribe.service';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 3rem auto; line-height: 1.5">${body}</body></html>`;
}

const INVALID = page(
  'Invalid link',
  '<h1>This unsubscribe link is not valid</h1><p>Nothing was changed. Use the link in the latest e-mail, or contact customer service.</p><p lang="fi">Linkki ei ole voimassa. Mitään ei muutettu.</p>',
);

/** GET asks, POST (RFC 8058 one-click) withdraws. Tampered or unknown links change nothing and say so. */
export function unsubscribeRouter(orm: MikroORM, settings: RuntimeSettings, logger: Logger, now: () => Date): Router {
  const router = express.Router();

  router.get('/unsubscribe/:token', (req, res) => {
    if (!verifyUnsubscribeToken(settings.secret, req.params.token)) {
      res.status(400).type('html').send(INVALID);
      return;
    }
    // A GET never changes anything: mail scanners follow links.
    res.type('html').send(
      page(
        'Unsubscribe',
        `<h1>Leave Jasmin's marketing e-mails?</h1><p lang="fi">Haluatko lopettaa Jasminin markkinointisähköpostit?</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe / Peru tilaus</button></form>`,
      ),
    );
  });

  router.post(
    '/unsubscribe/:token',
    express.urlencoded({ extended: false, limit: '1kb' }),
    // RFC 8058 §3.2: receivers SHOULD send multipart/form-data; a one-field form needs no parser library.
    express.text({ type: 'multipart/form-data', limit: '2kb' }),
    async (req, res) => {
      const customerId = verifyUnsubscribeToken(settings.secret, req.params.token);
      if (!customerId) {
        res.status(400).type('html').send(INVALID);
        return;
      }
      if (!isOneClick(req.body)) {
        res.status(400).type('html').send(page('Unsubscribe', '<h1>Nothing was changed</h1><p>A one-click unsubscribe sends <code>List-Unsubscribe=One-Click</code>.</p>'));
        return;
      }
      try {
        const outcome = await unsubscribe(orm.em.fork(), customerId, now(), String(res.locals.requestId ?? 'unsubscribe'));
        if (outcome === 'UNKNOWN_CUSTOMER') {
          res.status(404).type('html').send(page('Unknown', '<h1>We have no such subscriber</h1><p>Nothing was changed.</p>'));
          return;
        }
        res.type('html').send(page('Unsubscribed', '<h1>You will get no more marketing e-mails from Jasmin</h1><p lang="fi">Et saa enää Jasminin markkinointisähköposteja.</p>'));
      } catch (error) {
        logger.error({ requestId: res.locals.requestId, err: describeErrorSafely(error) }, 'unsubscribe failed');
        res.status(failureStatus(res, error)).type('html').send(page('Error', '<h1>Something went wrong</h1><p>Nothing was changed. Please try again.</p>'));
      }
    },
  );

  return router;
}

/** The RFC 8058 body: `List-Unsubscribe=One-Click`, urlencoded (parsed) or as a multipart/form-data part. */
function isOneClick(body: unknown): boolean {
  if (typeof body === 'string') {
    return /content-disposition:\s*form-data;\s*name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/i.test(body);
  }
  return (body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
}
