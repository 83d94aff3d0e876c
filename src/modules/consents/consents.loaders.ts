import { PrimedLoader } from '../../core/db/primed-loader';
import { columnsForFields, groupBy, parseTextArray, textTupleOf, uniqueColumns, uuidArray, type Column, type FieldColumns, type SqlRunner } from '../../core/db/sql';
import type { ConsentEntryView } from './consents.types';

export function createConsentLoaders(sql: SqlRunner) {
  return {
    /** A customer's whole consent history, oldest first; current states are derived from it. */
    consentHistoryByCustomer: new PrimedLoader<string, ConsentEntryView[]>(async (ids) =>
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

/**
 * What each field of ConsentEntry and ConsentState reads of a consent event, for the nested
 * statement (issue 9: only the columns the plan needs). purpose and the time are always read
 * (deriveConsentStates groups by purpose; the latest entry is the state, §8.10).
 */
const ENTRY_COLUMNS: FieldColumns = {
  id: [['id', 'e.id']],
  purpose: [],
  granted: [['granted', 'e.granted', 'boolean']],
  occurredAt: [],
  source: [['source', 'e.source']],
  actorKind: [['actorKind', 'e.actor_kind']],
  actorId: [['actorId', 'e.actor_id']],
  noticeVersion: [['noticeVersion', 'e.notice_version']],
  reason: [['reason', 'e.reason']],
  __typename: [],
};
/** ConsentState's fields come from its purpose's latest entry (since is its time); `history` hands out entries (their fields above). */
const STATE_COLUMNS: FieldColumns = {
  purpose: ENTRY_COLUMNS.purpose,
  granted: ENTRY_COLUMNS.granted,
  since: ENTRY_COLUMNS.occurredAt,
  noticeVersion: ENTRY_COLUMNS.noticeVersion,
  reason: ENTRY_COLUMNS.reason,
  history: [],
  __typename: [],
};
const ALWAYS: readonly Column[] = [
  ['purpose', 'e.purpose'],
  ['occurredAt', 'e.occurred_at', 'time'],
];

/** The fields a document selects on ConsentState and on ConsentEntry (undefined: all of them). */
export interface ConsentSelection {
  state: readonly string[] | undefined;
  entry: readonly string[] | undefined;
}

type EntryTuple = ConsentEntryView & { occurredAt: Date | string };

function consentTuple(selected: ConsentSelection | undefined) {
  const columns = selected
    ? [...columnsForFields(STATE_COLUMNS, ALWAYS, selected.state), ...columnsForFields(ENTRY_COLUMNS, ALWAYS, selected.entry)]
    : columnsForFields(ENTRY_COLUMNS, ALWAYS, undefined);
  // A column both types read (granted, noticeVersion, reason) once.
  return textTupleOf<EntryTuple>(uniqueColumns(columns), ['customerId']);
}

/**
 * A customer's consent history as one PostgreSQL text array (oldest first) of text tuples
 * (core/db/sql.ts textTuple), for a customer statement that brings every level at once. The
 * entries primed into the loader carry the columns this document reads; fields it does not
 * select are left out. As text rather than json_agg the admin page's statement took ≈ 2% less
 * (medians 10.13 vs 10.27 and 6.45 vs 6.60 ms in two batches of 20 alternated EXPLAIN ANALYZE
 * runs on the bench:peer data); reading it back costs the same (≈ 45–65 µs a page either way).
 */
export function nestedConsentHistory(customerIdColumn: string, selected?: ConsentSelection) {
  const tuple = consentTuple(selected);
  return {
    sql: `array(select ${tuple.sql} from consent_event e where e.customer_id = ${customerIdColumn} order by e.occurred_at, e.id)::text`,
    prime(loaders: ReturnType<typeof createConsentLoaders>, customerId: string, text: unknown): void {
      const entries = parseTextArray(text as string).map((item) => {
        const entry = tuple.read(item as unknown[], { customerId });
        entry.occurredAt = new Date(entry.occurredAt);
        return entry as ConsentEntryView;
      });
      loaders.consentHistoryByCustomer.prime(customerId, entries);
    },
  };
}
