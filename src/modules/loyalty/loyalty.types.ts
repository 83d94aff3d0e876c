import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';
import { LoyaltyTier } from './loyalty-membership.entity';

@ObjectType('LoyaltyMembership', {
  description: 'A membership in the loyalty-customer register (§2.2); processed while the membership is valid (§4.3).',
})
export class LoyaltyMembershipView {
  @Field(() => ID, { description: 'Stable id (UUID).' })
  id: string;

  /** Not exposed: used to match rows to customers. */
  customerId: string;

  @Field(() => String, { nullable: true, description: 'Member number printed on the card.' })
  memberNumber: string;

  @Field(() => Date, { nullable: true, description: 'When the customer joined.' })
  joinedAt: Date;

  @Field(() => Date, { nullable: true, description: 'End of the current validity; null if open-ended.' })
  validUntil: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the membership ended; null while it is in force.' })
  endedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Loyalty points balance.' })
  points: number;

  @Field(() => LoyaltyTier, { nullable: true, description: 'Benefit level.' })
  tier: LoyaltyTier;

  @Field(() => DataSource, { nullable: true, description: 'Where the membership data came from (§6).' })
  source: DataSource;
}
