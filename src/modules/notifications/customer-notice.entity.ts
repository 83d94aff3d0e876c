import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

export enum CustomerNoticeKind {
  REQUEST_EXTENDED = 'REQUEST_EXTENDED',
  REQUEST_REFUSED = 'REQUEST_REFUSED',
  REQUEST_COMPLETED = 'REQUEST_COMPLETED',
  RESTRICTION_LIFTING = 'RESTRICTION_LIFTING',
}

registerEnumType(CustomerNoticeKind, { name: 'CustomerNoticeKind', description: 'What a message to the customer is about.' });

/** A message the customer must receive (storefront inbox; e-mailing it is the mail system's job). */
@Entity({ tableName: 'customer_notice' })
@Index({ name: 'customer_notice_customer_idx', properties: ['customerId', 'createdAt'] })
export class CustomerNotice {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  customerId: string;

  @Enum({ items: () => CustomerNoticeKind, nativeEnumName: 'customer_notice_kind' })
  kind: CustomerNoticeKind;

  @Property({ type: 'uuid', nullable: true })
  requestId: string | null;

  @Property({ type: 'text' })
  message: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date;
}
