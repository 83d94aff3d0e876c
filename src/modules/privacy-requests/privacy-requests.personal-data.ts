import { execute } from '../../core/db/sql';
import { privacyRequestRefusals } from './privacy-requests.errors';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * The customer's requests (§8) and how they were handled. They are kept after
 * erasure (ids and reasons only; the free text is scrubbed from the map) as
 * proof that they were handled (GDPR Art 5(2), Art 12). What the requests led
 * to (restrictions, objections, corrections, legal holds, messages) is each
 * owning module's to export and erase.
 */
export const privacyRequestsPersonalData: PersonalDataHandler = {
  domain: 'privacy-requests',
  entities: ['PrivacyRequest'],

  async export({ em }, subject) {
    const id = [subject.customerId];
    const requests = await execute(
      em,
      `select id, type, status, channel, received_at as "receivedAt", due_at as "dueAt", extended_due_at as "extendedDueAt",
         extension_reason as "extensionReason", verified_at as "verifiedAt", verification_method as "verificationMethod",
         resolved_at as "resolvedAt", refusal_reason as "refusalReason", refusal_code as "refusalCode", note
       from privacy_request where customer_id = ?::uuid order by received_at`,
      id,
    );
    return [
      {
        category: 'Your requests and how they were handled',
        purposes: ['Answering data-subject requests (§8)'],
        legalBasis: 'GDPR Art 12–22 and accountability (Art 5(2))',
        retention: 'Kept as proof of handling, with ids and reasons only',
        records: [{ requests }],
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
         refusal_reason = 'Closed because the data it concerns was erased on the data subject''s request (§8.7).',
         refusal_code = ?
       where customer_id = any(?::uuid[]) and status in ('AWAITING_VERIFICATION', 'OPEN') and type <> 'ERASURE'`,
      [now, privacyRequestRefusals.enum.REQUEST_SUBJECT_ERASED, ...ids],
    );
    const requests = countsBy(
      await execute(em, 'select customer_id as "customerId", count(*) as n from privacy_request where customer_id = any(?::uuid[]) group by customer_id', ids),
    );
    return outcomesFor(subjects, (id) => [
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
