import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { DataSource } from '../../core/domain/data-source';

export enum CustomerStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  ERASED = 'ERASED',
}

registerEnumType(CustomerStatus, {
  name: 'CustomerStatus',
  description: 'Lifecycle state of a customer in the webshop user register (§2.1).',
  valuesConfig: {
    ACTIVE: { description: 'The customer relationship is in force.' },
    CLOSED: { description: 'The account was closed; data waits for its retention clock (§4.2).' },
    ERASED: { description: 'Personal data was erased (§8.7); only what the law requires remains.' },
  },
});

/** A person in the webshop user register (§2.1). */
@Entity({ tableName: 'customer' })
@Index({ name: 'customer_created_at_id_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'customer_last_name_idx', expression: 'create index "customer_last_name_idx" on "customer" (lower("last_name") text_pattern_ops)' })
export class Customer {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt' | 'lastActivityAt' | 'phone' | 'email' | 'language';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  firstName: string;

  @Property({ type: 'text' })
  lastName: string;

  /** Stored lower-cased; null once erased. Unique: it is the login identity. */
  @Property({ type: 'text', nullable: true, unique: 'customer_email_unique' })
  email: string | null = null;

  /** E.164 (+358401234567). */
  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Enum({ items: () => CustomerStatus, nativeEnumName: 'customer_status', index: true })
  status: CustomerStatus = CustomerStatus.ACTIVE;

  /** §6: where the profile data came from. */
  @Enum({ items: () => DataSource, nativeEnumName: 'data_source' })
  source: DataSource;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** The language Rekisteri writes to the customer in (e-mails, FI or EN). */
  @Property({ type: 'text', default: 'FI' })
  language: 'FI' | 'EN' = 'FI';

  /** Last login, order, consent change or other activity: the §4.2 two-year clock runs from here. */
  @Property({ type: 'datetime', columnType: 'timestamptz', index: true })
  lastActivityAt: Date = new Date();
}
