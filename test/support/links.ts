import { createHash } from 'node:crypto';
import { createLogger } from '../../src/core/logging/logger';
import { DEFAULT_OUTBOX_SETTINGS, drainOutbox } from '../../src/modules/outbox/outbox.dispatcher';
import { smtpTransport } from '../../src/modules/outbox/outbox.transport';
import type { TestApi } from './api';
import { startMailServer, type MailServer, type ReceivedMail } from './mail';
import { TEST_SETTINGS } from './test-env';

/*
 * §8.5 identity checks by link, as the person does them: the outbox delivers
 * to a real SMTP server, the link is read from the e-mail that arrived, and
 * opened with POST on the suite's server. Every suite that goes through a
 * storefront export or erasure does it through these, the same way.
 */

/** The subject of the verification e-mail, in Finnish and in English (outbox.templates.ts). */
const VERIFICATION_SUBJECTS = ['Vahvista henkilöllisyytesi', 'Confirm your identity'];
const LINK = /(https?:\/\/[^\s"<>]+\/verify\/rkv_[A-Za-z0-9_-]{43})/;

export interface LinkOptions {
  /** The clock the outbox runs at (the suite's clock): the link's expiry is read against it. */
  now: () => Date;
  /** The suite's own SMTP server, if it has one (what the outbox delivers then stays there); else one is started for the call. */
  mail?: MailServer;
  /**
   * The request the link must be for. Several links to one address can arrive at the same clock instant
   * (a request recorded by staff and one from the storefront): the newest e-mail whose link's hash names
   * this request in identity_check is taken. Without it, the newest verification e-mail.
   */
  requestId?: string;
}

/** Deliver what the outbox holds to a real SMTP server and answer the messages that arrived for `address`. */
export async function deliverTo(api: TestApi, address: string, options: LinkOptions): Promise<ReceivedMail[]> {
  const mail = options.mail ?? (await startMailServer());
  const transport = smtpTransport(mail.url);
  try {
    await drainOutbox(api.db.orm, transport, DEFAULT_OUTBOX_SETTINGS, createLogger('silent'), options.now);
    return mail.to(address);
  } finally {
    transport.close();
    if (!options.mail) await mail.close();
  }
}

/** The verification e-mails that arrived for `address` (delivering what is due first). */
export async function verificationMailsTo(api: TestApi, address: string, options: LinkOptions): Promise<ReceivedMail[]> {
  return (await deliverTo(api, address, options)).filter((m) => VERIFICATION_SUBJECTS.includes(m.subject));
}

/** The link of the newest verification e-mail to `address`, pointed at the suite's server (the e-mail says PUBLIC_URL). */
export async function verificationLinkFor(api: TestApi, address: string, options: LinkOptions): Promise<string> {
  const messages = (await verificationMailsTo(api, address, options)).reverse();
  if (messages.length === 0) throw new Error('no verification e-mail arrived');
  for (const message of messages) {
    const link = LINK.exec(message.text)?.[1];
    if (!link || !message.html.includes(link)) throw new Error('the verification e-mail carries no link in both its text and HTML parts');
    if (options.requestId) {
      const tokenHash = createHash('sha256').update(link.split('/').pop()!).digest('hex');
      const [check] = await api.db.query<{ request_id: string }>('select request_id from identity_check where token_hash = $1', [tokenHash]);
      if (check?.request_id !== options.requestId) continue;
    }
    return link.replace(TEST_SETTINGS.publicUrl, api.url.replace(/\/graphql$/, ''));
  }
  throw new Error(`no verification e-mail to this address carries a link for request ${options.requestId}`);
}

/** Open a link as the person's browser does after pressing the button: POST. */
export async function openLink(link: string): Promise<{ status: number; page: string }> {
  const response = await fetch(link, { method: 'POST' });
  return { status: response.status, page: await response.text() };
}

/**
 * The person confirms a storefront request from their mailbox: the newest
 * verification e-mail to `address` arrives over SMTP and its link is POSTed.
 * Fails unless the page answers 200. Answers the link and the page.
 */
export async function confirmStorefrontRequestByLink(api: TestApi, address: string, options: LinkOptions): Promise<{ link: string; page: string }> {
  const link = await verificationLinkFor(api, address, options);
  const opened = await openLink(link);
  if (opened.status !== 200) throw new Error(`the verification link answered HTTP ${opened.status}`);
  return { link, page: opened.page };
}
