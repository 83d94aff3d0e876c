import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * Messages to the customer about their requests (Art 12(4), §8.11) and the
 * Art 19 notices to recipients. The messages are exported and go with the
 * account; a notice to a recipient must say whose data it concerns so the
 * recipient can act, and is kept as proof that the recipients were told
 * (Art 5(2), Art 19).
 */
export const notificationsPersonalData: PersonalDataHandler = {
  domain: 'notifications',
  entities: ['CustomerNotice', 'PartnerNotice'],

  async export({ em }, subject) {
    const messages = await execute(em, 'select kind, message, created_at as "createdAt" from customer_notice where customer_id = ?::uuid order by created_at', [
      subject.customerId,
    ]);
    return [
      {
        category: 'Messages to you about your rights and their handling',
        purposes: ['Answering data-subject requests (§8)'],
        legalBasis: 'GDPR Art 12(3), Art 12(4) and Art 18(3)',
        retention: 'While the customer relationship lasts (§4.2)',
        records: [{ messages }],
      },
    ];
  },

  async erase({ em }, subjects) {
    const ids = [idArray(subjects)];
    const deleted = countsBy(
      await execute(
        em,
        'with gone as (delete from customer_notice where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        ids,
      ),
    );
    const notices = countsBy(
      await execute(em, 'select customer_id as "customerId", count(*) as n from partner_notice where customer_id = any(?::uuid[]) group by customer_id', ids),
    );
    return outcomesFor(subjects, (id) => [
      deleted.has(id)
        ? { category: 'Messages to you about your rights', outcome: ErasureOutcomeKind.ERASED, count: deleted.get(id)!, legalBasis: null, retainedUntil: null }
        : null,
      notices.has(id)
        ? {
            category: 'Notices to the recipients of your data (Art 19)',
            outcome: ErasureOutcomeKind.RETAINED,
            count: notices.get(id)!,
            legalBasis: 'Proof that the recipients were told of the erasure (GDPR Art 19, Art 5(2))',
            retainedUntil: null,
          }
        : null,
    ]);
  },
};
