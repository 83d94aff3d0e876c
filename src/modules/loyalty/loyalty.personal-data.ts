import { execute } from '../../core/db/sql';
import { ErasureOutcomeKind, type PersonalDataHandler } from '../../core/personal-data/registry';

/** The loyalty register (§2.2): processed while the membership is valid (§4.3). */
export const loyaltyPersonalData: PersonalDataHandler = {
  domain: 'loyalty',
  entities: ['LoyaltyMembership'],

  async export({ em, subject }) {
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

  async erase({ em, subject }) {
    const deleted = await execute(em, 'delete from loyalty_membership where customer_id = ?::uuid returning id', [subject.customerId]);
    return [{ category: 'Loyalty membership', outcome: ErasureOutcomeKind.ERASED, count: deleted.length, legalBasis: null, retainedUntil: null }];
  },
};
