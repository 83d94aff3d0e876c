import type { EntityManager } from '@mikro-orm/postgresql';
import { ActorKind, actorOf, type Actor } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import type { RequestContext } from '../../core/graphql/context';
import { badInput, notFound } from '../../core/graphql/errors';
import { auditChange } from '../audit/audit.collector';
import { Customer } from '../customers/customer.entity';
import { PrivacyNotice } from '../privacy-notice/privacy-notice.entity';
import { requireNoticeVersion } from '../privacy-notice/privacy-notice.service';
import { ConsentEvent, ConsentPurpose, MARKETING_PURPOSES } from './consent-event.entity';
import type { ConsentEntryView, ConsentStateView } from './consents.types';
import { flushUnderCustomerLock } from '../customers/customer-lock';
import { consentErrors } from './consents.errors';

export interface ConsentChoice {
  purpose: ConsentPurpose;
  granted: boolean;
}

/**
 * Append consent choices to the history (§4.1, §8.10, §10). Nothing is ever
 * updated: the newest entry per purpose is the current state. The caller
 * flushes, so the choices land in the same transaction as what they came with.
 */
export function appendConsentEvents(
  em: EntityManager,
  customer: Customer,
  choices: readonly ConsentChoice[],
  meta: { source: DataSource; actor: Actor; noticeVersion: string; at: Date },
): ConsentEvent[] {
  const events = choices.map((choice) =>
    em.create(ConsentEvent, {
      customer,
      purpose: choice.purpose,
      granted: choice.granted,
      occurredAt: meta.at,
      source: meta.source,
      actorKind: meta.actor.kind,
      actorId: meta.actor.id,
      noticeVersion: em.getReference(PrivacyNotice, meta.noticeVersion as unknown as PrivacyNotice),
    }),
  );
  if (events.length > 0) customer.lastActivityAt = meta.at;
  return events;
}

/** Current state of every purpose from a customer's history (oldest first). */
export function deriveConsentStates(customerId: string, history: readonly ConsentEntryView[]): ConsentStateView[] {
  return Object.values(ConsentPurpose).map((purpose) => {
    const entries = history.filter((entry) => entry.purpose === purpose);
    const latest = entries[entries.length - 1];
    return {
      customerId,
      purpose,
      granted: latest?.granted ?? false,
      since: latest?.occurredAt ?? null,
      noticeVersion: latest?.noticeVersion ?? null,
      reason: latest?.reason ?? null,
      history: entries,
    };
  });
}

/** An opaque id the storefront keeps in a first-party cookie for a visitor who has not signed in. */
const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function requireVisitorId(field: string, visitorId: string): string {
  if (!VISITOR_ID.test(visitorId)) throw badInput(field, 'A visitor id is 16–64 letters, digits, - or _');
  return visitorId;
}

const COOKIE_PURPOSES: readonly ConsentPurpose[] = [ConsentPurpose.STATISTICS_COOKIES, ConsentPurpose.MARKETING_COOKIES];

/** §10.2: an anonymous visitor's cookie choices, kept under the visitor id until they sign in. */
export const GPC_REASON = 'Refused: the browser sent Sec-GPC: 1 (Global Privacy Control)';

export async function recordCookieChoices(
  ctx: RequestContext,
  visitorId: string,
  choices: readonly ConsentChoice[],
  noticeVersionInput: string | null | undefined,
): Promise<number> {
  const id = requireVisitorId('visitorId', visitorId);
  choices.forEach((choice, index) => {
    if (!COOKIE_PURPOSES.includes(choice.purpose)) throw badInput(`choices.${index}.purpose`, 'Only cookie choices can be made without signing in');
  });
  requireDistinct('choices', choices);
  const noticeVersion = await requireNoticeVersion(ctx.em, 'noticeVersion', noticeVersionInput);
  const at = ctx.now();
  for (const choice of choices) {
    // Global Privacy Control: the browser's standing refusal outranks a tick in the banner (§10.2).
    const gpcRefusal = ctx.globalPrivacyControl && choice.purpose === ConsentPurpose.MARKETING_COOKIES;
    ctx.em.create(ConsentEvent, {
      visitorId: id,
      purpose: choice.purpose,
      granted: gpcRefusal ? false : choice.granted,
      reason: gpcRefusal ? GPC_REASON : null,
      occurredAt: at,
      source: DataSource.REGISTRATION,
      actorKind: ActorKind.CUSTOMER,
      actorId: null,
      noticeVersion: ctx.em.getReference(PrivacyNotice, noticeVersion as unknown as PrivacyNotice),
    });
  }
  await ctx.em.flush();
  return choices.length;
}

/** On sign-in, the visitor's cookie choices become the customer's (§10). The caller flushes. */
export async function attachVisitorChoices(em: EntityManager, visitorId: string, customerId: string): Promise<void> {
  await em.nativeUpdate(ConsentEvent, { visitorId, customer: null }, { customer: customerId });
}

function requireDistinct(field: string, choices: readonly ConsentChoice[]): void {
  const seen = new Set<string>();
  choices.forEach((choice, index) => {
    if (seen.has(choice.purpose)) throw badInput(`${field}.${index}`, `${choice.purpose} is given twice`);
    seen.add(choice.purpose);
  });
}

/**
 * Change consents (§4.1, §8.10, §10): each choice is a new history entry with
 * the statement version it is made under (§11). Granting marketing while a
 * direct-marketing ban stands is refused; only the customer can lift the ban
 * (§8.4) — staff never grant through it.
 */
export async function changeConsents(
  ctx: RequestContext,
  customerId: string,
  choices: readonly ConsentChoice[],
  meta: { source: DataSource; noticeVersion?: string | null; marketingBanActive: boolean },
): Promise<ConsentStateView[]> {
  if (choices.length === 0) throw badInput('choices', 'Give at least one choice');
  requireDistinct('choices', choices);
  if (meta.marketingBanActive) {
    const index = choices.findIndex((choice) => choice.granted && MARKETING_PURPOSES.includes(choice.purpose));
    if (index >= 0) {
      throw consentErrors.error('CONSENT_BLOCKED_BY_BAN', { field: `choices.${index}` });
    }
  }
  const customer = await ctx.em.findOne(Customer, { id: customerId });
  if (!customer) throw notFound('customerId', 'Customer');
  const noticeVersion = await requireNoticeVersion(ctx.em, 'noticeVersion', meta.noticeVersion);
  const now = ctx.now();
  appendConsentEvents(ctx.em, customer, choices, { source: meta.source, actor: actorOf(ctx.principal), noticeVersion, at: now });
  auditChange(ctx.em, ctx.principal, { requestId: ctx.requestId, at: now, operation: 'consents' }, customerId, ['Customer.consents']);
  await flushUnderCustomerLock(ctx.em, customerId);
  ctx.loaders.consentHistoryByCustomer.clear(customerId);
  return deriveConsentStates(customerId, await ctx.loaders.consentHistoryByCustomer.load(customerId));
}
