import DataLoader from 'dataloader';
import { indexBy, jsonTuple, uuidArray, type SqlRunner } from '../../core/db/sql';
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

/** A customer's membership as one JSON value (or null), for a customer statement that brings every level at once. */
/** A membership as a positional tuple (core/db/sql.ts jsonTuple); the customer is the parent row's. */
type MembershipJson = Omit<LoyaltyMembershipView, 'joinedAt' | 'validUntil' | 'endedAt'> & Record<'joinedAt' | 'validUntil' | 'endedAt', string | null>;
const MEMBERSHIP_TUPLE = jsonTuple<MembershipJson>(
  [
    ['id', 'm.id'],
    ['memberNumber', 'm.member_number'],
    ['joinedAt', 'm.joined_at'],
    ['validUntil', 'm.valid_until'],
    ['endedAt', 'm.ended_at'],
    ['points', 'm.points'],
    ['tier', 'm.tier'],
    ['source', 'm.source'],
  ],
  ['customerId'],
);

export function membershipJsonSql(customerIdColumn: string): string {
  return `(select ${MEMBERSHIP_TUPLE.sql} from loyalty_membership m where m.customer_id = ${customerIdColumn})`;
}

export function primeMembershipJson(loaders: ReturnType<typeof createLoyaltyLoaders>, customerId: string, json: unknown): void {
  const row = json === null ? null : MEMBERSHIP_TUPLE.read(json as unknown[], { customerId });
  const date = (value: string | null) => (value === null ? null : new Date(value));
  loaders.membershipByCustomer.prime(
    customerId,
    row ? ({ ...row, joinedAt: date(row.joinedAt), validUntil: date(row.validUntil), endedAt: date(row.endedAt) } as LoyaltyMembershipView) : null,
  );
}
