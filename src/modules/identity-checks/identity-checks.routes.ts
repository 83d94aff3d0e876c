import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import { describeErrorSafely } from '../../core/graphql/errors';
import { failureStatus } from '../../core/http/availability';
import type { Logger } from '../../core/logging/logger';
import { verifyByLink } from '../privacy-requests/privacy-requests.service';
import { findLiveCheck } from './identity-checks.service';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"></head>
<body style="font-family: sans-serif; max-width: 36rem; margin: 3rem auto; line-height: 1.5">${body}</body></html>`;
}

const INVALID = page(
  'Link not valid',
  '<h1>This link is not valid any more</h1><p>It was used already or it has expired. Nothing was changed. Contact customer service for a new one.</p><p lang="fi">Linkki on jo käytetty tai vanhentunut. Mitään ei muutettu.</p>',
);

/**
 * §8.5 identity check by link. GET shows a button and changes nothing (mail
 * scanners and link previews fetch links); POST uses the link up and
 * verifies the request. Unknown, used and expired links answer alike.
 */
export function identityCheckRouter(orm: MikroORM, logger: Logger, now: () => Date): Router {
  const router = express.Router();
  router.use('/verify', (_req, res, next) => {
    // The token is in the path: keep it out of caches and Referer headers.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  router.get('/verify/:token', async (req, res) => {
    let check: Awaited<ReturnType<typeof findLiveCheck>>;
    try {
      check = await findLiveCheck(orm.em.fork(), req.params.token, now());
    } catch (error) {
      // A database fault is not an invalid link (issue 10): say so, and change nothing.
      logger.error({ requestId: res.locals.requestId, err: describeErrorSafely(error) }, 'identity check by link failed');
      res.status(failureStatus(res, error)).type('html').send(page('Error', '<h1>Something went wrong</h1><p>Nothing was changed. Try again later.</p>'));
      return;
    }
    if (!check) {
      res.status(410).type('html').send(INVALID);
      return;
    }
    res.type('html').send(
      page(
        'Confirm your request',
        `<h1>Confirm that the request is yours</h1><p lang="fi">Vahvista, että pyyntö on sinulta.</p>
<form method="post"><button type="submit">Confirm / Vahvista</button></form>`,
      ),
    );
  });

  router.post('/verify/:token', async (req, res) => {
    try {
      const outcome = await verifyByLink(orm.em.fork(), req.params.token, now());
      if (outcome === 'INVALID') {
        res.status(410).type('html').send(INVALID);
        return;
      }
      res
        .type('html')
        .send(page('Confirmed', '<h1>Thank you: your request is confirmed</h1><p>We will answer by the date in our e-mail.</p><p lang="fi">Kiitos, pyyntösi on vahvistettu.</p>'));
    } catch (error) {
      logger.error({ requestId: res.locals.requestId, err: describeErrorSafely(error) }, 'identity check by link failed');
      res.status(failureStatus(res, error)).type('html').send(page('Error', '<h1>Something went wrong</h1><p>Nothing was changed. Try again later.</p>'));
    }
  });
  return router;
}
