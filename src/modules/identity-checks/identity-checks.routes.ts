import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import type { Principal } from '../../core/auth/principal';
import { sqlRunner } from '../../core/db/sql';
import type { RequestContext } from '../../core/graphql/context';
import { describeErrorSafely } from '../../core/graphql/errors';
import { failureStatus } from '../../core/http/availability';
import type { Logger } from '../../core/logging/logger';
import { eraseConfirmedStorefrontRequest } from '../erasure/erasure.service';
import { ErasureStatus } from '../erasure/erasure.types';
import { type LinkVerification, linkRequestEffect, verifyByLink } from '../privacy-requests/privacy-requests.service';
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

/** What the person reads after POST, by outcome: what happened, in English and Finnish, and no personal data. */
const DONE: Record<Exclude<LinkVerification, 'INVALID'>, string> = {
  VERIFIED: page(
    'Confirmed',
    '<h1>Thank you: your request is confirmed</h1><p>We will answer by the date in our e-mail.</p><p lang="fi">Kiitos, pyyntösi on vahvistettu. Vastaamme sähköpostissa kerrottuun päivään mennessä.</p>',
  ),
  ALREADY_VERIFIED: page(
    'Confirmed',
    '<h1>Thank you: your request is confirmed</h1><p>We will answer by the date in our e-mail.</p><p lang="fi">Kiitos, pyyntösi on vahvistettu. Vastaamme sähköpostissa kerrottuun päivään mennessä.</p>',
  ),
  EXPORT_READY: page(
    'Request confirmed',
    '<h1>Your request is confirmed</h1><p>Return to the online shop, sign in and download your data there (you will be asked for your password again).</p><p lang="fi">Pyyntösi on vahvistettu. Palaa verkkokauppaan, kirjaudu sisään ja lataa tietosi sieltä (salasanasi kysytään uudelleen).</p>',
  ),
  ERASED: page(
    'Data erased',
    '<h1>Your data has been erased</h1><p>Your account is closed and you have been signed out everywhere. What we must keep by law, and until when, is in the receipt we sent by e-mail.</p><p lang="fi">Tietosi on poistettu. Tilisi on suljettu ja kaikki istuntosi päättyneet. Mitä laki velvoittaa säilyttämään ja kuinka kauan, kerrotaan sähköpostitse lähettämässämme kuitissa.</p>',
  ),
  ERASURE_REFUSED: page(
    'Erasure not possible yet',
    '<h1>Your request is confirmed, but we cannot erase your data yet</h1><p>We sent you the reason by e-mail, and it is in your account’s messages. Nothing was erased.</p><p lang="fi">Pyyntösi on vahvistettu, mutta emme voi vielä poistaa tietojasi. Lähetimme syyn sähköpostitse, ja se näkyy myös tilisi viesteissä. Mitään ei poistettu.</p>',
  ),
};

/** What pressing the button will do, said before it is pressed. */
const EFFECT: Record<Awaited<ReturnType<typeof linkRequestEffect>>, string> = {
  VERIFY: '',
  EXPORT: '<p>After confirming, return to the online shop to download your data.</p><p lang="fi">Vahvistuksen jälkeen voit ladata tietosi verkkokaupasta.</p>',
  ERASE:
    '<p><strong>Confirming erases your data and closes your account at once.</strong> If you did not ask for this, do not press the button.</p><p lang="fi"><strong>Vahvistus poistaa tietosi ja sulkee tilisi heti.</strong> Jos et pyytänyt tätä, älä paina painiketta.</p>',
};

export interface IdentityCheckRoutes {
  orm: MikroORM;
  logger: Logger;
  now: () => Date;
  /** A request context with every module's part in it (from the composition layer: this module cannot build one). */
  contextFor(principal: Principal, requestId: string): RequestContext;
}

/**
 * §8.5 identity check by link. GET shows a button and changes nothing (mail
 * scanners and link previews fetch links); POST uses the link up and
 * verifies the request; a storefront erasure is then carried out in the
 * same transaction, as the customer who asked for it. Unknown, used and
 * expired links answer alike.
 */
export function identityCheckRouter({ orm, logger, now, contextFor }: IdentityCheckRoutes): Router {
  const router = express.Router();
  router.use('/verify', (_req, res, next) => {
    // The token is in the path: keep it out of caches and Referer headers.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  router.get('/verify/:token', async (req, res) => {
    let check: Awaited<ReturnType<typeof findLiveCheck>>;
    let effect: Awaited<ReturnType<typeof linkRequestEffect>> = 'VERIFY';
    try {
      const em = orm.em.fork();
      check = await findLiveCheck(em, req.params.token, now());
      if (check) effect = await linkRequestEffect(em, check.requestId);
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
        `<h1>Confirm that the request is yours</h1><p lang="fi">Vahvista, että pyyntö on sinulta.</p>${EFFECT[effect]}
<form method="post"><button type="submit">Confirm / Vahvista</button></form>`,
      ),
    );
  });

  router.post('/verify/:token', async (req, res) => {
    try {
      const requestId = String(res.locals.requestId ?? 'identity-check');
      const outcome = await verifyByLink(orm.em.fork(), req.params.token, now(), async (tx: EntityManager, request) => {
        // The customer asked in the storefront and the mailbox confirmed: the erasure is theirs (§8.7).
        const base = contextFor({ kind: 'CUSTOMER', customerId: request.customerId!, sessionId: null }, requestId);
        const answer = await eraseConfirmedStorefrontRequest({ ...base, em: tx, sql: sqlRunner(tx) }, request);
        return answer.status === ErasureStatus.ERASED ? 'ERASED' : 'ERASURE_REFUSED';
      });
      if (outcome === 'INVALID') {
        res.status(410).type('html').send(INVALID);
        return;
      }
      res.type('html').send(DONE[outcome]);
    } catch (error) {
      logger.error({ requestId: res.locals.requestId, err: describeErrorSafely(error) }, 'identity check by link failed');
      res.status(failureStatus(res, error)).type('html').send(page('Error', '<h1>Something went wrong</h1><p>Nothing was changed. Try again later.</p>'));
    }
  });
  return router;
}
