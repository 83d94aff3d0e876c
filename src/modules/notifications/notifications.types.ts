import { Field, ID, ObjectType } from 'type-graphql';
import { CustomerNoticeKind } from './customer-notice.entity';
import { PartnerNoticeKind } from './partner-notice.entity';

@ObjectType('PartnerNotice', {
  description: 'GDPR Art 19: data you received about a customer was corrected, erased or restricted. Act on the listed orders.',
})
export class PartnerNoticeView {
  @Field(() => ID, { description: 'Acknowledge by this id.' }) id: string;
  @Field(() => PartnerNoticeKind, { description: 'What happened.' }) kind: PartnerNoticeKind;
  @Field(() => [String], { description: 'The orders you know the customer by.' }) orderNumbers: string[];
  @Field(() => [String], { description: 'Which data (profile fields; * for all).' }) fields: string[];
  @Field(() => Date, { description: 'When the notice was queued.' }) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When you acknowledged it.' }) acknowledgedAt: Date | null;
}

@ObjectType('CustomerNotice', { description: 'A message to the customer about their requests and data.' })
export class CustomerNoticeView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field(() => CustomerNoticeKind, { description: 'What it is about.' }) kind: CustomerNoticeKind;
  @Field(() => ID, { nullable: true, description: 'The request it concerns.' }) requestId: string | null;
  @Field({ description: 'The message.' }) message: string;
  @Field(() => Date, { description: 'When it was sent.' }) createdAt: Date;
}
