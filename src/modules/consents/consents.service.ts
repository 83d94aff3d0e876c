import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/domain/actor';
import type { DataSource } from '../../core/domain/data-source';
import type { Customer } from '../customers/customer.entity';
import { PrivacyNotice } from '../privacy-notice/privacy-notice.entity';
import { ConsentEvent, ConsentPurpose } from './consent-event.entity';
import type { ConsentEntryView, ConsentStateView } from './consents.types';

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
      history: entries,
    };
  });
}
