import { Entity, Enum, OneToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { Customer } from '../customers/customer.entity';

export enum LoyaltyTier {
  BRONZE = 'BRONZE',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
}

registerEnumType(LoyaltyTier, { name: 'LoyaltyTier', description: 'Benefit level of a loyalty membership.' });

/**
 * A membership in the loyalty-customer register (§2.2). Its data is processed
 * as long as the membership is valid (§4.3): validUntil/endedAt start that clock.
 */
@Entity({ tableName: 'loyalty_membership' })
export class LoyaltyMembership {
  [OptionalProps]?: 'points' | 'tier' | 'validUntil' | 'endedAt' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** One membership per customer. */
  @OneToOne({ entity: () => Customer, owner: true, deleteRule: 'cascade', unique: 'loyalty_membership_customer_unique' })
  customer: Rel<Customer>;

  /** Printed on the member card, e.g. "J-000123". */
  @Property({ type: 'text', unique: 'loyalty_membership_member_number_unique' })
  memberNumber: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  joinedAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  validUntil: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Property({ type: 'integer' })
  points: number = 0;

  @Enum({ items: () => LoyaltyTier, nativeEnumName: 'loyalty_tier' })
  tier: LoyaltyTier = LoyaltyTier.BRONZE;

  @Enum({ items: () => DataSource, nativeEnumName: 'data_source' })
  source: DataSource;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();
}
