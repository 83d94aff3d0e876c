import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/** Which profile field was corrected, when and by whom (§8.2), without the values: deleted with the account. */
export const rectificationPersonalData: PersonalDataHandler = {
  domain: 'rectification',
  entities: ['Rectification'],

  async export({ em }, subject) {
    const corrections = await execute(em, 'select field, changed_at as "changedAt", actor_kind as "by" from rectification where customer_id = ?::uuid order by changed_at', [
      subject.customerId,
    ]);
    return [
      {
        category: 'Corrections made to your data',
        purposes: ['Answering data-subject requests (§8.2)'],
        legalBasis: 'GDPR Art 16',
        retention: 'While the customer relationship lasts (§4.2)',
        records: [{ corrections }],
      },
    ];
  },

  async erase({ em }, subjects) {
    const deleted = countsBy(
      await execute(
        em,
        'with gone as (delete from rectification where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        [idArray(subjects)],
      ),
    );
    return outcomesFor(subjects, (id) => [
      deleted.has(id)
        ? { category: 'Record of corrections to your data', outcome: ErasureOutcomeKind.ERASED, count: deleted.get(id)!, legalBasis: null, retainedUntil: null }
        : null,
    ]);
  },
};
