import DataLoader from 'dataloader';
import { groupBy, jsonTuple, uuidArray, type SqlRunner } from '../../core/db/sql';
import type { ConsentEntryView } from './consents.types';

export function createConsentLoaders(sql: SqlRunner) {
  return {
    /** A customer's whole consent history, oldest first; current states are derived from it. */
    consentHistoryByCustomer: new DataLoader<string, ConsentEntryView[]>(async (ids) =>
      groupBy(
        ids,
        await sql.all<ConsentEntryView>(
          `select e.id, e.customer_id as "customerId", e.purpose, e.granted, e.occurred_at as "occurredAt", e.source,
             e.actor_kind as "actorKind", e.actor_id as "actorId", e.notice_version as "noticeVersion", e.reason
           from consent_event e where e.customer_id = any(?::uuid[]) order by e.customer_id, e.occurred_at, e.id`,
          [uuidArray(ids)],
          ['occurredAt'],
        ),
        'customerId',
      ),
    ),
  };
}

/** A customer's consent history as one JSON value (oldest first), for a customer statement that brings every level at once. */
/** A consent event as a positional tuple (core/db/sql.ts jsonTuple); the customer is the parent row's. */
const CONSENT_TUPLE = jsonTuple<ConsentEntryView & { occurredAt: Date | string }>(
  [
    ['id', 'e.id'],
    ['purpose', 'e.purpose'],
    ['granted', 'e.granted'],
    ['occurredAt', 'e.occurred_at'],
    ['source', 'e.source'],
    ['actorKind', 'e.actor_kind'],
    ['actorId', 'e.actor_id'],
    ['noticeVersion', 'e.notice_version'],
    ['reason', 'e.reason'],
  ],
  ['customerId'],
);

export function consentHistoryJsonSql(customerIdColumn: string): string {
  return `(select coalesce(json_agg(${CONSENT_TUPLE.sql} order by e.occurred_at, e.id), '[]') from consent_event e where e.customer_id = ${customerIdColumn})`;
}

export function primeConsentHistoryJson(loaders: ReturnType<typeof createConsentLoaders>, customerId: string, json: unknown): void {
  const entries = (json as unknown[][]).map((tuple) => {
    const entry = CONSENT_TUPLE.read(tuple, { customerId });
    entry.occurredAt = new Date(entry.occurredAt);
    return entry as ConsentEntryView;
  });
  loaders.consentHistoryByCustomer.prime(customerId, entries);
}
