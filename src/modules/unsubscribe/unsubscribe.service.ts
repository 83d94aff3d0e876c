import { LockMode } from '@mikro-orm/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RuntimeSettings } from '../../config/config';
import { ActorKind } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import { isUuid } from '../../core/db/sql';
import { auditChange } from '../audit/audit.collector';
import { ConsentPurpose } from '../consents/consent-event.entity';
import { emailMarketingGranted } from '../consents/consents.directory';
import { appendConsentEvents } from '../consents/consents.service';
import { Customer } from '../customers/customer.entity';
import { currentNoticeVersion } from '../privacy-notice/privacy-notice.service';

/*
 * §4.4: anyone can leave the marketing list through the link in every
 * marketing e-mail. The link carries the customer id and an HMAC of it under
 * the server secret, so it works without signing in, cannot be forged for
 * another customer, and needs no table. RFC 8058 one-click: a POST with
 * `List-Unsubscribe=One-Click` withdraws; a GET only asks.
 */

function signature(secret: string, customerId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:email-marketing:${customerId}`).digest('base64url').slice(0, 32);
}

export function unsubscribeToken(secret: string, customerId: string): string {
  return `${customerId}.${signature(secret, customerId)}`;
}

/** The customer id of a genuine token, or null for a malformed or tampered one. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [customerId, given, ...rest] = token.split('.');
  if (rest.length > 0 || !customerId || !given || !isUuid(customerId)) return null;
  const expected = Buffer.from(signature(secret, customerId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? customerId : null;
}

export interface UnsubscribeHeaders {
  url: string;
  listUnsubscribe: string;
  listUnsubscribePost: string;
}

export function headersFor(settings: RuntimeSettings, customerId: string): UnsubscribeHeaders {
  const url = `${settings.publicUrl}/unsubscribe/${unsubscribeToken(settings.secret, customerId)}`;
  return { url, listUnsubscribe: `<${url}>`, listUnsubscribePost: 'List-Unsubscribe=One-Click' };
}

export type UnsubscribeOutcome = 'WITHDRAWN' | 'ALREADY_WITHDRAWN' | 'UNKNOWN_CUSTOMER';

/** Withdraw e-mail marketing consent; a second click changes nothing (idempotent). */
export async function unsubscribe(em: EntityManager, customerId: string, at: Date, requestId: string): Promise<UnsubscribeOutcome> {
  return em.transactional(async (tx) => {
    const customer = await tx.findOne(Customer, { id: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!customer) return 'UNKNOWN_CUSTOMER';
    if (!(await emailMarketingGranted(tx, customerId))) return 'ALREADY_WITHDRAWN';
    const noticeVersion = await currentNoticeVersion(tx);
    appendConsentEvents(tx, customer, [{ purpose: ConsentPurpose.EMAIL_MARKETING, granted: false }], {
      source: DataSource.EMAIL,
      actor: { kind: ActorKind.CUSTOMER, id: customerId },
      noticeVersion,
      at,
    });
    auditChange(tx, { kind: 'CUSTOMER', customerId, sessionId: null }, { requestId, at, operation: 'unsubscribe' }, customerId, ['Customer.consents']);
    return 'WITHDRAWN';
  });
}
