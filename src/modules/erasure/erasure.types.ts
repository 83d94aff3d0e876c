import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErasureOutcomeKind } from '../../core/personal-data/registry';
import { ErasureRefusalCode } from './erasure.errors';

export enum ErasureStatus {
  ERASED = 'ERASED',
  REFUSED = 'REFUSED',
}

registerEnumType(ErasureStatus, {
  name: 'ErasureStatus',
  description: 'Whether the erasure was carried out (§8.7) or refused with a reason.',
});

@ObjectType('ErasureCategoryResult', { description: 'What happened to one category of data.' })
export class ErasureCategoryResult {
  @Field({ description: 'The category, in words the customer can read.' }) category: string;
  @Field(() => ErasureOutcomeKind, { description: 'Erased, anonymised or retained.' }) outcome: ErasureOutcomeKind;
  @Field(() => Int, { description: 'How many records.' }) count: number;
  @Field(() => String, { nullable: true, description: 'The law or reason for keeping or anonymising.' }) legalBasis: string | null;
  @Field(() => String, { nullable: true, description: 'ISO date until which retained data is kept.' }) retainedUntil: string | null;
}

@ObjectType('ErasureResult', {
  description: 'The reasoned answer to an erasure request (§8.7): per category erased / anonymised / retained, or why it was refused.',
})
export class ErasureResult {
  @Field(() => ErasureStatus, { description: 'ERASED or REFUSED.' }) status: ErasureStatus;
  @Field(() => ID, { description: 'The request it answers.' }) requestId: string;
  @Field(() => ID, { nullable: true, description: 'The customer (by id only); null for a guest (an e-mail address with no account).' }) customerId: string | null;
  @Field(() => String, { nullable: true, description: 'Why the erasure was refused (legal hold, open order, unpaid balance).' })
  refusalReason: string | null;
  @Field(() => ErasureRefusalCode, { nullable: true, description: 'Why it was refused, for the client to branch on; null when erased.' })
  refusalCode: ErasureRefusalCode | null;
  @Field(() => [ErasureCategoryResult], { description: 'What happened to each category; empty when refused.' })
  categories: ErasureCategoryResult[];
  @Field(() => Date, { description: 'When the answer was given.' }) decidedAt: Date;
}
