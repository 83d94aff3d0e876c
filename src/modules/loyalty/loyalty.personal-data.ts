import { execute } from '../../core/db/sql';
import { countsBy, ErasureOutcomeKind, idArray, outcomesFor, type PersonalDataHandler } from '../../core/personal-data/registry';

/** The loyalty register (§2.2): processed while the membership is valid (§4.3). */
export const loyaltyPersonalData: PersonalDataHandler = {
  domain: 'loyalty',
  entities: ['LoyaltyMembership'],

  async export({ em }, subject) {
    const records = await execute(
      em,
      `select member_number as "memberNumber", joined_at as "joinedAt", valid_until as "validUntil", ended_at as "endedAt",
         points, tier, source from loyalty_membership where customer_id = ?::uuid`,
      [subject.customerId],
    );
    return [
      {
        category: 'Loyalty membership',
        purposes: ['Managing the customer relationship (§3.2)', 'Telling about our services (§3.2)'],
        legalBasis: 'The membership and consent (§3.1, §5.1)',
        retention: 'As long as the membership is valid (§4.3)',
        records,
      },
    ];
  },

  async erase({ em }, subjects) {
    const deleted = countsBy(
      await execute(
        em,
        'with gone as (delete from loyalty_membership where customer_id = any(?::uuid[]) returning customer_id) select customer_id as "customerId", count(*) as n from gone group by customer_id',
        [idArray(subjects)],
      ),
    );
    return outcomesFor(subjects, (id) => [
      deleted.has(id) ? { category: 'Loyalty membership', outcome: ErasureOutcomeKind.ERASED, count: deleted.get(id)!, legalBasis: null, retainedUntil: null } : null,
    ]);
  },
};
