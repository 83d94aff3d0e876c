import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { ActorKind } from '../../core/domain/actor';
import { DataSource } from '../../core/domain/data-source';
import { Customer } from '../customers/customer.entity';
import { PrivacyNotice } from '../privacy-notice/privacy-notice.entity';

export enum ConsentPurpose {
  EMAIL_MARKETING = 'EMAIL_MARKETING',
  SMS_MARKETING = 'SMS_MARKETING',
  PHONE_MARKETING = 'PHONE_MARKETING',
  POST_MARKETING = 'POST_MARKETING',
  STATISTICS_COOKIES = 'STATISTICS_COOKIES',
  MARKETING_COOKIES = 'MARKETING_COOKIES',
}

registerEnumType(ConsentPurpose, {
  name: 'ConsentPurpose',
  description: 'What a consent covers: marketing permissions (§4.1) and cookie choices (§10.2).',
  valuesConfig: {
    EMAIL_MARKETING: { description: '§4.1/§4.4: marketing by e-mail.' },
    SMS_MARKETING: { description: '§4.1: marketing by text message.' },
    PHONE_MARKETING: { description: '§4.1: marketing by phone call.' },
    POST_MARKETING: { description: '§4.1: marketing by post.' },
    STATISTICS_COOKIES: { description: '§10.2: cookies that collect statistics (visitor tracking).' },
    MARKETING_COOKIES: { description: '§10.2: cookies for targeted advertising on third-party services.' },
  },
});

export const MARKETING_PURPOSES: readonly ConsentPurpose[] = [
  ConsentPurpose.EMAIL_MARKETING,
  ConsentPurpose.SMS_MARKETING,
  ConsentPurpose.PHONE_MARKETING,
  ConsentPurpose.POST_MARKETING,
];

/**
 * One entry of the append-only consent history (§4.1 marketing permissions and
 * prohibitions, §10 cookie choices, §8.10 withdrawal). The current state of a
 * purpose is the newest entry; entries are never updated. An anonymous
 * visitor's cookie choice carries a visitor id until it is linked to a customer.
 */
@Entity({ tableName: 'consent_event' })
@Index({ name: 'consent_event_customer_purpose_idx', properties: ['customer', 'purpose', 'occurredAt'] })
@Index({ name: 'consent_event_visitor_idx', properties: ['visitorId'] })
@Check({ name: 'consent_event_subject_present', expression: 'customer_id is not null or visitor_id is not null or subject_hash is not null' })
export class ConsentEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Customer, nullable: true, deleteRule: 'cascade', index: false })
  customer: Rel<Customer> | null = null;

  /**
   * After erasure, a withdrawal is kept as proof (§8.7, §8.10) under a keyed
   * hash of the e-mail instead of the customer: no contact data, yet a later
   * complaint from that address can be matched.
   */
  @Property({ type: 'text', nullable: true, index: 'consent_event_subject_hash_idx' })
  subjectHash: string | null = null;

  /** Opaque id of an anonymous storefront visitor (cookie choices before login). */
  @Property({ type: 'text', nullable: true })
  visitorId: string | null = null;

  @Enum({ items: () => ConsentPurpose, nativeEnumName: 'consent_purpose' })
  purpose: ConsentPurpose;

  /** true = permission given, false = withdrawn / prohibited. */
  @Property({ type: 'boolean' })
  granted: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt: Date = new Date();

  @Enum({ items: () => DataSource, nativeEnumName: 'data_source' })
  source: DataSource;

  @Enum({ items: () => ActorKind, nativeEnumName: 'actor_kind' })
  actorKind: ActorKind;

  @Property({ type: 'text', nullable: true })
  actorId: string | null = null;

  /** Why the choice is what it is when not simply as given, e.g. refused because the browser sent Sec-GPC: 1. */
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  /** §11: the statement version the choice was made under. */
  @ManyToOne({ entity: () => PrivacyNotice, fieldName: 'notice_version', deleteRule: 'restrict', updateRule: 'restrict' })
  noticeVersion: Rel<PrivacyNotice>;
}
