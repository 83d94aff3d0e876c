import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('LegalHold', { description: 'A manual legal hold (§8.9): while in force, erasure is refused with its reason.' })
export class LegalHoldView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field(() => ID, { description: 'Whose data is held.' }) customerId: string;
  @Field({ description: 'Why (e.g. a dispute); given to the customer when erasure is refused.' }) reason: string;
  @Field(() => Date, { description: 'When it was placed.' }) placedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was released.' }) releasedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was released.' }) releaseReason: string | null;
}
