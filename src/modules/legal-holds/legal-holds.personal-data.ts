import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/**
 * Legal holds (§8.9). A hold in force blocks the erasure itself
 * (legal-holds.erasure-blockers.ts), so what an erasure finds here is released
 * holds only: their record has nothing left to hold and goes with the account.
 */
export const legalHoldsPersonalData: PersonalDataHandler = {
  domain: 'legal-holds',
  entities: ['LegalHold'],

  async export({ em }, subject) {
    const legalHolds = await execute(
      em,
      'select reason, placed_at as "placedAt", released_at as "releasedAt", release_reason as "releaseReason" from legal_hold where customer_id = ?::uuid order by placed_at',
      [subject.customerId],
    );
    return [
      {
        category: 'Legal holds on your data (§8.9)',
        purposes: ['Keeping data a law or a dispute requires (§8.9)'],
        legalBasis: 'Legal obligation (GDPR Art 17(3)(b), (e))',
        retention: 'While the hold is in force; the record while the customer relationship lasts (§4.2)',
        records: [{ legalHolds }],
      },
    ];
  },

  async erase({ em }, subjects) {
    const deleted = countsBy(
      await execute(
        em,
        'with gone as (delete from legal_hold where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        [idArray(subjects)],
      ),
    );
    return outcomesFor(subjects, (id) => [
      deleted.has(id) ? { category: 'Released legal holds', outcome: ErasureOutcomeKind.ERASED, count: deleted.get(id)!, legalBasis: null, retainedUntil: null } : null,
    ]);
  },
};
