import DataLoader from 'dataloader';
import { indexBy, uuidArray, type SqlRunner } from '../../core/db/sql';
import type { LoyaltyMembershipView } from './loyalty.types';

export function createLoyaltyLoaders(sql: SqlRunner) {
  return {
    membershipByCustomer: new DataLoader<string, LoyaltyMembershipView | null>(async (ids) =>
      indexBy(
        ids,
        await sql.all<LoyaltyMembershipView>(
          `select m.id, m.customer_id as "customerId", m.member_number as "memberNumber", m.joined_at as "joinedAt",
             m.valid_until as "validUntil", m.ended_at as "endedAt", m.points, m.tier, m.source
           from loyalty_membership m where m.customer_id = any(?::uuid[])`,
          [uuidArray(ids)],
          ['joinedAt', 'validUntil', 'endedAt'],
        ),
        'customerId',
      ),
    ),
  };
}
