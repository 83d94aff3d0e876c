import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * Restrictions of processing (§8.11) and objections and marketing bans (§8.3,
 * §8.4): exported with their reasons; deleted with the account, since there is
 * nothing left to restrict or object to (the requests that placed them stay,
 * as proof of handling, with the privacy-requests module).
 */
export const restrictionsPersonalData: PersonalDataHandler = {
  domain: 'restrictions',
  entities: ['Restriction', 'Objection'],

  async export({ em }, subject) {
    const id = [subject.customerId];
    const restrictions = await execute(
      em,
      `select fields, reason, placed_at as "placedAt", lifted_at as "liftedAt", lift_reason as "liftReason", lift_requested_at as "liftRequestedAt"
       from restriction where customer_id = ?::uuid order by placed_at`,
      id,
    );
    const objections = await execute(em, 'select kind, reason, placed_at as "placedAt", lifted_at as "liftedAt" from objection where customer_id = ?::uuid order by placed_at', id);
    return [
      {
        category: 'Restrictions of processing and objections you have made',
        purposes: ['Answering data-subject requests (§8.3, §8.4, §8.11)'],
        legalBasis: 'GDPR Art 18 and Art 21',
        retention: 'While the customer relationship lasts (§4.2)',
        records: [{ restrictions, objections }],
      },
    ];
  },

  async erase({ em }, subjects) {
    const ids = [idArray(subjects)];
    const restrictions = countsBy(
      await execute(
        em,
        'with gone as (delete from restriction where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        ids,
      ),
    );
    const objections = countsBy(
      await execute(
        em,
        'with gone as (delete from objection where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        ids,
      ),
    );
    return outcomesFor(subjects, (id) => {
      const n = (restrictions.get(id) ?? 0) + (objections.get(id) ?? 0);
      return [n > 0 ? { category: 'Restrictions of processing and objections', outcome: ErasureOutcomeKind.ERASED, count: n, legalBasis: null, retainedUntil: null } : null];
    });
  },
};
