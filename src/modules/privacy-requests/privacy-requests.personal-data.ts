import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * The handling of the customer's own rights: requests, restrictions,
 * objections and bans, legal holds, corrections and messages. Requests are
 * kept after erasure (ids and reasons only) as proof that they were handled
 * (GDPR Art 5(2), Art 12); the rest goes.
 */
export const privacyRequestsPersonalData: PersonalDataHandler = {
  domain: 'privacy-requests',
  entities: ['PrivacyRequest', 'Restriction', 'Objection', 'LegalHold', 'Rectification', 'CustomerNotice'],

  async export({ em }, subject) {
    const id = [subject.customerId];
    const requests = await execute(
      em,
      `select id, type, status, channel, received_at as "receivedAt", due_at as "dueAt", extended_due_at as "extendedDueAt",
         extension_reason as "extensionReason", verified_at as "verifiedAt", verification_method as "verificationMethod",
         resolved_at as "resolvedAt", refusal_reason as "refusalReason", note
       from privacy_request where customer_id = ?::uuid order by received_at`,
      id,
    );
    const restrictions = await execute(
      em,
      `select fields, reason, placed_at as "placedAt", lifted_at as "liftedAt", lift_reason as "liftReason", lift_requested_at as "liftRequestedAt"
       from restriction where customer_id = ?::uuid order by placed_at`,
      id,
    );
    const objections = await execute(
      em,
      'select kind, reason, placed_at as "placedAt", lifted_at as "liftedAt" from objection where customer_id = ?::uuid order by placed_at',
      id,
    );
    const corrections = await execute(
      em,
      'select field, changed_at as "changedAt", actor_kind as "by" from rectification where customer_id = ?::uuid order by changed_at',
      id,
    );
    const holds = await execute(
      em,
      'select reason, placed_at as "placedAt", released_at as "releasedAt", release_reason as "releaseReason" from legal_hold where customer_id = ?::uuid order by placed_at',
      id,
    );
    const messages = await execute(
      em,
      'select kind, message, created_at as "createdAt" from customer_notice where customer_id = ?::uuid order by created_at',
      id,
    );
    return [
      {
        category: 'Your requests and how they were handled',
        purposes: ['Answering data-subject requests (§8)'],
        legalBasis: 'GDPR Art 12–22 and accountability (Art 5(2))',
        retention: 'Kept as proof of handling, with ids and reasons only',
        records: [{ requests, restrictions, objections, corrections, legalHolds: holds, messages }],
      },
    ];
  },

  async erase({ em, now }, subjects) {
    const ids = [idArray(subjects)];
    // Other open requests of an erased customer have nothing left to act on: closed, with the reason
    // the requester is given (Art 12(4)). The erasure request itself is answered by the erasure.
    await execute(
      em,
      `update privacy_request set status = 'REFUSED', resolved_at = ?, resolved_by = 'system:erasure',
         refusal_reason = 'Closed because the data it concerns was erased on the data subject''s request (§8.7).'
       where customer_id = any(?::uuid[]) and status in ('AWAITING_VERIFICATION', 'OPEN') and type <> 'ERASURE'`,
      [now, ...ids],
    );
    const removed = new Map<string, number>();
    for (const table of ['restriction', 'objection', 'rectification', 'legal_hold', 'customer_notice']) {
      const rows = await execute<{ customerId: string; n: string }>(
        em,
        `with gone as (delete from ${table} where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id`,
        ids,
      );
      for (const row of rows) removed.set(row.customerId, (removed.get(row.customerId) ?? 0) + Number(row.n));
    }
    const requests = countsBy(
      await execute(em, 'select customer_id as "customerId", count(*) as n from privacy_request where customer_id = any(?::uuid[]) group by customer_id', ids),
    );
    return outcomesFor(subjects, (id) => [
      { category: 'Restrictions, objections, corrections and messages', outcome: ErasureOutcomeKind.ERASED, count: removed.get(id) ?? 0, legalBasis: null, retainedUntil: null },
      {
        category: 'Record of your requests (ids and reasons only)',
        outcome: ErasureOutcomeKind.RETAINED,
        count: requests.get(id) ?? 0,
        legalBasis: 'Proof that the requests were handled (GDPR Art 5(2), Art 12)',
        retainedUntil: null,
      },
    ]);
  },
};
