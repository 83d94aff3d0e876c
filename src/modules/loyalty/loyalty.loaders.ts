import { PrimedLoader } from '../../core/db/primed-loader';
import { columnsForFields, indexBy, jsonTupleOf, uuidArray, type FieldColumns, type SqlRunner } from '../../core/db/sql';
import type { LoyaltyMembershipView } from './loyalty.types';

export function createLoyaltyLoaders(sql: SqlRunner) {
  return {
    membershipByCustomer: new PrimedLoader<string, LoyaltyMembershipView | null>(async (ids) =>
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

/** What each LoyaltyMembership field reads, for the nested statement (issue 9: only the columns the plan needs). */
type MembershipJson = Omit<LoyaltyMembershipView, 'joinedAt' | 'validUntil' | 'endedAt'> & Record<'joinedAt' | 'validUntil' | 'endedAt', string | null>;
const MEMBERSHIP_COLUMNS: FieldColumns = {
  id: [['id', 'm.id']],
  memberNumber: [['memberNumber', 'm.member_number']],
  joinedAt: [['joinedAt', 'm.joined_at']],
  validUntil: [['validUntil', 'm.valid_until']],
  endedAt: [['endedAt', 'm.ended_at']],
  points: [['points', 'm.points']],
  tier: [['tier', 'm.tier']],
  source: [['source', 'm.source']],
  __typename: [],
};

/**
 * A customer's membership as one positional tuple (or null), for a customer statement that brings
 * every level at once; `selected` names the LoyaltyMembership fields the document asks for.
 */
export function nestedMembershipJson(customerIdColumn: string, selected?: readonly string[]) {
  const tuple = jsonTupleOf<MembershipJson>(columnsForFields(MEMBERSHIP_COLUMNS, [], selected), ['customerId']);
  const date = (value: string | null | undefined) => (value === null || value === undefined ? value : new Date(value));
  return {
    // With no column selected the tuple is `[]`, not null: a member is still told from a non-member.
    sql: `(select ${tuple.sql} from loyalty_membership m where m.customer_id = ${customerIdColumn})`,
    prime(loaders: ReturnType<typeof createLoyaltyLoaders>, customerId: string, json: unknown): void {
      const row = json === null ? null : tuple.read(json as unknown[], { customerId });
      if (row) {
        const dated = row as Record<string, unknown>;
        for (const key of ['joinedAt', 'validUntil', 'endedAt'] as const) if (key in dated) dated[key] = date(dated[key] as string | null);
      }
      loaders.membershipByCustomer.prime(customerId, row as LoyaltyMembershipView | null);
    },
  };
}
