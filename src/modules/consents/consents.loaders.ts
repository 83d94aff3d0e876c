import DataLoader from 'dataloader';
import { groupBy, uuidArray, type SqlRunner } from '../../core/db/sql';
import type { ConsentEntryView } from './consents.types';

export function createConsentLoaders(sql: SqlRunner) {
  return {
    /** A customer's whole consent history, oldest first; current states are derived from it. */
    consentHistoryByCustomer: new DataLoader<string, ConsentEntryView[]>(async (ids) =>
      groupBy(
        ids,
        await sql.all<ConsentEntryView>(
          `select e.id, e.customer_id as "customerId", e.purpose, e.granted, e.occurred_at as "occurredAt", e.source,
             e.actor_kind as "actorKind", e.actor_id as "actorId", e.notice_version as "noticeVersion"
           from consent_event e where e.customer_id = any(?::uuid[]) order by e.customer_id, e.occurred_at, e.id`,
          [uuidArray(ids)],
          ['occurredAt'],
        ),
        'customerId',
      ),
    ),
  };
}
