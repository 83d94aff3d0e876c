import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../core/graphql/pagination';
import { PrivacyRequestStatus, PrivacyRequestType, RequestChannel } from './privacy-request.entity';
import { PrivacyRequestRefusalCode } from './privacy-requests.errors';

@ObjectType('PrivacyRequest', { description: 'A data-subject request (§8) and how it is being handled.' })
export class PrivacyRequestView {
  @Field(() => ID, { description: 'Stable id (UUID).' }) id: string;
  @Field(() => ID, { nullable: true, description: 'Whose request; null for a guest (an e-mail address with no account).' }) customerId: string | null;
  @Field(() => String, { nullable: true, description: 'A guest request: the e-mail address its guest orders were placed with (issue 8 §4).' }) subjectEmail: string | null;
  @Field(() => PrivacyRequestType, { description: 'Which right.' }) type: PrivacyRequestType;
  @Field(() => PrivacyRequestStatus, { description: 'Where it stands.' }) status: PrivacyRequestStatus;
  @Field(() => RequestChannel, { description: 'How it arrived.' }) channel: RequestChannel;
  @Field(() => Date, { description: 'When it was received.' }) receivedAt: Date;
  @Field(() => Date, { description: 'One calendar month after receipt (GDPR Art 12(3), §8.6).' }) dueAt: Date;
  @Field(() => Date, { nullable: true, description: 'The new deadline after the one allowed extension.' }) extendedDueAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was extended; the customer is told.' }) extensionReason: string | null;
  @Field(() => Date, { description: 'The deadline in force.' }) effectiveDueAt: Date;
  @Field({ description: 'Past its deadline and not yet answered.' }) overdue: boolean;
  @Field(() => Date, { nullable: true, description: 'When identity was verified (§8.5).' }) verifiedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'How identity was verified.' }) verificationMethod: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was completed or refused.' }) resolvedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was refused, in words the customer can read.' }) refusalReason: string | null;
  @Field(() => PrivacyRequestRefusalCode, {
    nullable: true,
    description: 'Why it was refused, as a code to branch on (§8.7); null unless REFUSED, and for requests refused before codes were recorded.',
  })
  refusalCode: PrivacyRequestRefusalCode | null;
  @Field(() => String, { nullable: true, description: 'Handler’s note.' }) note: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The outcome given to the customer (e.g. the erasure result).' })
  result: Record<string, unknown> | null;
}

@ObjectType('PrivacyRequestEdge', { description: 'A request with its cursor.' })
export class PrivacyRequestEdge {
  @Field({ description: 'Pass as `after` to continue after this request.' }) cursor: string;
  @Field(() => PrivacyRequestView, { description: 'The request.' }) node: PrivacyRequestView;
}

@ObjectType('PrivacyRequestConnection', { description: 'One page of requests, most urgent first.' })
export class PrivacyRequestConnection {
  @Field(() => [PrivacyRequestEdge], { description: 'The requests on this page with their cursors.' }) edges: PrivacyRequestEdge[];
  @Field(() => [PrivacyRequestView], { description: 'The requests on this page.' }) nodes: PrivacyRequestView[];
  @Field(() => PageInfo, { description: 'Whether more pages follow.' }) pageInfo: PageInfo;
}

@InputType({ description: 'A request that arrived in writing by e-mail or post; it waits for identity verification (§8.5).' })
export class RecordPrivacyRequestInput {
  @Field(() => ID, { nullable: true, description: 'The customer the request is about. Give exactly one of customerId and email.' }) customerId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A guest: the e-mail address guest orders were placed with. If it has an account, the request is recorded for that customer.',
  })
  email?: string | null;
  @Field(() => PrivacyRequestType, { description: 'Which right.' }) type: PrivacyRequestType;
  @Field(() => RequestChannel, { description: 'EMAIL or POST.' }) channel: RequestChannel;
  @Field(() => Date, { nullable: true, description: 'When it was received; now when omitted. The deadline counts from here.' })
  receivedAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'A note (no personal data).' }) note?: string | null;
}

@InputType({ description: 'Narrows the request list.' })
export class PrivacyRequestFilter {
  @Field(() => [PrivacyRequestStatus], { nullable: true, description: 'Only these states; open ones (AWAITING_VERIFICATION, OPEN) when omitted.' })
  status?: PrivacyRequestStatus[] | null;
  @Field(() => PrivacyRequestType, { nullable: true, description: 'Only this type.' }) type?: PrivacyRequestType | null;
  @Field({ defaultValue: false, description: 'Only requests past their deadline.' }) overdueOnly: boolean;
  @Field(() => ID, { nullable: true, description: 'Only this customer’s.' }) customerId?: string | null;
  @Field(() => Int, { nullable: true, description: 'Only requests due within this many days (incl. overdue).' }) dueWithinDays?: number | null;
}
