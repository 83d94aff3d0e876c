import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Customer } from '../customers/customer.entity';
import { StaffUser } from '../staff/staff-user.entity';

export enum SessionSubject {
  CUSTOMER = 'CUSTOMER',
  STAFF = 'STAFF',
}

/**
 * A signed-in session of a customer (storefront) or a staff user (admin
 * panel). The token itself is never stored: only its SHA-256, so a copy of
 * the database does not hand out sessions.
 */
@Entity({ tableName: 'session' })
@Index({ name: 'session_customer_idx', properties: ['customer'] })
@Index({ name: 'session_staff_idx', properties: ['staff'] })
@Index({ name: 'session_expires_idx', properties: ['expiresAt'] })
@Check({ name: 'session_one_subject', expression: '(customer_id is null) <> (staff_id is null)' })
export class Session {
  [OptionalProps]?: 'createdAt' | 'revokedAt' | 'reauthenticatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: 'session_token_hash_unique', hidden: true })
  tokenHash: string;

  @Enum({ items: () => SessionSubject, nativeEnumName: 'session_subject' })
  subject: SessionSubject;

  @ManyToOne({ entity: () => Customer, nullable: true, deleteRule: 'cascade', index: false })
  customer: Rel<Customer> | null = null;

  @ManyToOne({ entity: () => StaffUser, nullable: true, deleteRule: 'cascade', index: false })
  staff: Rel<StaffUser> | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  /** When the password was last entered again in this session (re-authentication before export and erasure). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  reauthenticatedAt: Date | null = null;
}
