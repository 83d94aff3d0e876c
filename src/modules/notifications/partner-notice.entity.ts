import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { Partner } from '../partners/partner.entity';

export enum PartnerNoticeKind {
  RECTIFICATION = 'RECTIFICATION',
  ERASURE = 'ERASURE',
  RESTRICTION = 'RESTRICTION',
}

registerEnumType(PartnerNoticeKind, {
  name: 'PartnerNoticeKind',
  description: 'Why a recipient is notified (GDPR Art 19): data it received was corrected, erased or restricted.',
});

/**
 * The Art 19 outbox: a recipient that received a customer's data is told of
 * a rectification, erasure or restriction. Holds the order numbers the
 * partner knows and the fields concerned — never the values.
 */
@Entity({ tableName: 'partner_notice' })
@Index({ name: 'partner_notice_partner_idx', properties: ['partner', 'createdAt'] })
export class PartnerNotice {
  [OptionalProps]?: 'acknowledgedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Partner, deleteRule: 'cascade', index: false })
  partner: Rel<Partner>;

  @Enum({ items: () => PartnerNoticeKind, nativeEnumName: 'partner_notice_kind' })
  kind: PartnerNoticeKind;

  /** The customer, by id only. */
  @Property({ type: 'uuid' })
  customerId: string;

  @Property({ type: 'text[]' })
  orderNumbers: string[];

  @Property({ type: 'text[]' })
  fields: string[];

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null = null;
}
