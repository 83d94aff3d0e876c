import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ObjectionKind } from './objection.entity';

/** Profile fields a restriction may name. */
export const RESTRICTABLE_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'addresses'] as const;
export type RestrictableField = (typeof RESTRICTABLE_FIELDS)[number];

@ObjectType('Restriction', { description: 'Restriction of processing while data is disputed (§8.8, §8.11): the data is only stored.' })
export class RestrictionView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field(() => ID, { description: 'Whose data.' }) customerId: string;
  @Field(() => [String], { nullable: true, description: 'Restricted profile fields; null means all processing of the customer.' }) fields: string[] | null;
  @Field({ description: 'What is disputed.' }) reason: string;
  @Field(() => Date, { description: 'Since when.' }) placedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was lifted.' }) liftedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was lifted; the customer is told first (Art 18(3)).' }) liftReason: string | null;
  @Field(() => Date, { nullable: true, description: 'When the lift was asked for (Art 18(3): the customer is told before it is lifted).' })
  liftRequestedAt: Date | null;
  @Field({
    description: 'True while a lift waits for the notice e-mail to the customer: the restriction is still in force and is lifted once the e-mail was delivered (Art 18(3)).',
  })
  liftPending: boolean;
}

@ObjectType('Objection', { description: 'An objection (§8.3) or direct-marketing ban (§8.4) in force or lifted.' })
export class ObjectionView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field(() => ID, { description: 'Whose.' }) customerId: string;
  @Field(() => ObjectionKind, { description: 'Objection or direct-marketing ban.' }) kind: ObjectionKind;
  @Field(() => String, { nullable: true, description: 'The customer’s grounds.' }) reason: string | null;
  @Field(() => Date, { description: 'Since when.' }) placedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it was lifted (a ban only by the customer).' }) liftedAt: Date | null;
}

@InputType({ description: 'What to restrict and why.' })
export class RestrictionInput {
  @Field(() => [String], {
    nullable: true,
    description: 'Disputed profile fields (firstName, lastName, email, phone, addresses); omit to restrict all processing.',
  })
  fields?: string[] | null;
  @Field({ description: 'What is disputed.' }) reason: string;
}
