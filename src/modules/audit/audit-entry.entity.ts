import { Check, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { ActorKind } from '../../core/domain/actor';

export enum AuditAction {
  READ = 'READ',
  CHANGE = 'CHANGE',
}

registerEnumType(AuditAction, { name: 'AuditAction', description: 'Whether personal data was read or changed.' });

/**
 * Accountability (§9.2, GDPR Art 5(2)): who read or changed whose personal
 * data, which fields, in which role, when, in which request. Append-only: the
 * application's database role may only INSERT and SELECT (migration grants),
 * and a trigger refuses UPDATE and DELETE for everyone. Holds ids only, no
 * personal data; customer_id has no foreign key so entries outlive erasure.
 */
@Entity({ tableName: 'audit_entry' })
@Index({ name: 'audit_entry_customer_idx', properties: ['customerId', 'occurredAt'] })
@Index({ name: 'audit_entry_principal_idx', properties: ['principalKind', 'principalId'] })
@Index({ name: 'audit_entry_customer_ids_idx', expression: 'create index "audit_entry_customer_ids_idx" on "audit_entry" using gin ("customer_ids")' })
@Check({ name: 'audit_entry_one_subject_form', expression: 'customer_ids is null or (customer_id is null and cardinality(customer_ids) > 1)' })
export class AuditEntry {
  [OptionalProps]?: 'chainSeq' | 'prevHash' | 'rowHash' | 'subjectRequestId' | 'customerIds';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt: Date;

  @Property({ type: 'text' })
  requestId: string;

  @Enum({ items: () => ActorKind, nativeEnumName: 'actor_kind' })
  principalKind: ActorKind;

  @Property({ type: 'text', nullable: true })
  principalId: string | null;

  /** Whose data; null for a guest (an e-mail with no account), whose entries name the request instead. */
  @Property({ type: 'uuid', nullable: true })
  customerId: string | null;

  /**
   * One read of several customers' data with the same fields in one request (a staff page,
   * issue 9): one entry naming them all, in the order they were read, instead of one per
   * customer; customer_id is then null. A single customer's entry keeps customer_id.
   */
  @Property({ columnType: 'uuid[]', nullable: true })
  customerIds: string[] | null;

  /**
   * A guest's entries (issue 8 §4): the privacy request they answered, so the
   * audit holds no e-mail address in clear. Null for a customer's entries.
   */
  @Property({ type: 'uuid', nullable: true })
  subjectRequestId: string | null;

  @Enum({ items: () => AuditAction, nativeEnumName: 'audit_action' })
  action: AuditAction;

  /** Schema coordinates read or changed, e.g. Customer.email. */
  @Property({ type: 'text[]' })
  fields: string[];

  /** The role(s) or scope(s) the access was made in: the purpose (§3.2, §7.4). */
  @Property({ type: 'text' })
  purpose: string;

  @Property({ type: 'text', nullable: true })
  operation: string | null;

  /**
   * §9.2 tamper evidence (issue 10): the row's place in the chain, the hash of
   * the row before it and the SHA-256 over this row's content and that hash.
   * All three (and occurred_at) are set by the database trigger
   * audit_entry_chain, never by the caller; verifyAuditTrail recomputes them.
   */
  // The defaults only satisfy NOT NULL for an instant: the trigger replaces them on every insert.
  @Property({ type: 'bigint', unique: 'audit_entry_chain_seq_unique', defaultRaw: '0' })
  chainSeq: string;

  @Property({ type: 'blob', columnType: 'bytea', nullable: true })
  prevHash: Buffer | null;

  @Property({ type: 'blob', columnType: 'bytea', defaultRaw: `'\\x'::bytea` })
  rowHash: Buffer;
}
