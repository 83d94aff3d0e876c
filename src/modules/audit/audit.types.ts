import { Field, ID, ObjectType } from 'type-graphql';
import { ActorKind } from '../../core/domain/actor';
import { PageInfo } from '../../core/graphql/pagination';
import { PartnerKindEnum } from '../partners/partner.entity';
import { AuditAction } from './audit-entry.entity';

@ObjectType('AuditEntry', { description: 'Who read or changed a customer’s personal data, which fields, in which role, when (§9.2).' })
export class AuditEntryView {
  @Field(() => ID, { description: 'Sequence number of the entry.' }) id: string;
  @Field(() => Date, { description: 'When it happened.' }) occurredAt: Date;
  @Field({ description: 'The request it happened in (matches the x-request-id header and the logs).' }) requestId: string;
  @Field(() => ActorKind, { description: 'Kind of principal.' }) principalKind: ActorKind;
  @Field(() => String, { nullable: true, description: 'Id of the staff user, partner or customer.' }) principalId: string | null;
  @Field(() => AuditAction, { description: 'READ or CHANGE.' }) action: AuditAction;
  @Field(() => [String], { description: 'Schema coordinates read or changed, e.g. Customer.email.' }) fields: string[];
  @Field({ description: 'The role(s) or partner scope(s): the purpose of the access.' }) purpose: string;
  @Field(() => String, { nullable: true, description: 'GraphQL operation name, when the client gave one.' }) operation: string | null;
}

@ObjectType('AuditEntryEdge', { description: 'An audit entry with its cursor.' })
export class AuditEntryEdge {
  @Field({ description: 'Pass as `after` to continue after this entry.' }) cursor: string;
  @Field(() => AuditEntryView, { description: 'The entry.' }) node: AuditEntryView;
}

@ObjectType('AuditEntryConnection', { description: 'One page of audit entries, newest first.' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'The entries on this page with their cursors.' }) edges: AuditEntryEdge[];
  @Field(() => [AuditEntryView], { description: 'The entries on this page.' }) nodes: AuditEntryView[];
  @Field(() => PageInfo, { description: 'Whether more pages follow.' }) pageInfo: PageInfo;
}

@ObjectType('DataRecipient', { description: 'A partner that has received some of the customer’s data (GDPR Art 15(1)(c), §7.4).' })
export class DataRecipientView {
  @Field(() => ID, { description: 'The partner.' }) partnerId: string;
  @Field({ description: 'Company name.' }) name: string;
  @Field(() => PartnerKindEnum, { description: 'What the partner does.' }) kind: PartnerKindEnum;
  @Field({ description: 'Country (always EU/EEA, §7.6).' }) countryCode: string;
  @Field(() => Date, { description: 'First disclosure.' }) firstReceivedAt: Date;
  @Field(() => Date, { description: 'Latest disclosure.' }) lastReceivedAt: Date;
  @Field(() => [String], { description: 'Which fields it received.' }) fields: string[];
}
