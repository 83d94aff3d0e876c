import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ErasureOutcomeKind } from '../../core/personal-data/registry';
import { ErasureRefusalCode } from './erasure.errors';

export enum ErasureStatus {
  ERASED = 'ERASED',
  REFUSED = 'REFUSED',
  AWAITING_VERIFICATION = 'AWAITING_VERIFICATION',
}

registerEnumType(ErasureStatus, {
  name: 'ErasureStatus',
  description: 'Whether the erasure was carried out (§8.7), refused with a reason, or waits for the link to the account’s mailbox (§8.5).',
  valuesConfig: {
    ERASED: { description: 'Carried out: categories say what was erased, anonymised or retained and why.' },
    REFUSED: { description: 'Not carried out: refusalCode and refusalReason say why (§8.7, §8.9).' },
    AWAITING_VERIFICATION: {
      description:
        'Storefront: nothing is erased yet. A single-use link went to the account’s e-mail address (verificationSentTo); opening it confirms the request and carries the erasure out (§8.5).',
    },
  },
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
  @Field(() => Date, { description: 'When the answer was given (for AWAITING_VERIFICATION: when the request was acknowledged).' }) decidedAt: Date;
  @Field(() => Date, { nullable: true, description: 'AWAITING_VERIFICATION: when the request is due at the latest (one calendar month, Art 12(3)); null otherwise.' })
  dueAt?: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'AWAITING_VERIFICATION: the account’s address the confirmation link went to, masked (a…@example.fi); null otherwise.',
  })
  verificationSentTo?: string | null;
  @Field(() => String, { nullable: true, description: 'AWAITING_VERIFICATION: what happens next, in words the customer can read; null otherwise.' })
  message?: string | null;
}
