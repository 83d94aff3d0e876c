import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

/** What an e-mail is about; each kind has one FI and one EN template (outbox.templates.ts). */
export enum EmailKind {
  REQUEST_RECEIVED = 'REQUEST_RECEIVED',
  IDENTITY_VERIFICATION = 'IDENTITY_VERIFICATION',
  REQUEST_EXTENDED = 'REQUEST_EXTENDED',
  REQUEST_COMPLETED = 'REQUEST_COMPLETED',
  REQUEST_REFUSED = 'REQUEST_REFUSED',
  RESTRICTION_LIFTING = 'RESTRICTION_LIFTING',
  ERASURE_DONE = 'ERASURE_DONE',
  ACCOUNT_EXISTS = 'ACCOUNT_EXISTS',
  EMAIL_CHANGE_CONFIRMATION = 'EMAIL_CHANGE_CONFIRMATION',
  PRIVACY_NOTICE_UPDATED = 'PRIVACY_NOTICE_UPDATED',
}

registerEnumType(EmailKind, { name: 'EmailKind', description: 'What an e-mail from Rekisteri is about.' });

export enum EmailStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  SENT = 'SENT',
  DEAD = 'DEAD',
  CANCELLED = 'CANCELLED',
}

registerEnumType(EmailStatus, {
  name: 'EmailStatus',
  description: 'Where an e-mail in the outbox stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its (next) attempt.' },
    SENDING: { description: 'Claimed by one worker; back to PENDING if that worker dies (lease).' },
    SENT: { description: 'Accepted by the mail server; the address and the contents are gone.' },
    DEAD: { description: 'Given up after the last attempt.' },
    CANCELLED: { description: 'Nobody left to send it to (the person was erased first, or has no address).' },
  },
});

export type EmailLanguage = 'FI' | 'EN';

/**
 * The transactional outbox for e-mail: a row is written in the same
 * transaction as the change that owes the person a message, so a message is
 * never sent for a change that rolled back and never lost for one that
 * committed. Workers claim due rows with SKIP LOCKED (one sender per message).
 *
 * Personal data is minimal and short-lived: the address is copied only where it
 * must survive the change (the erasure receipt, a guest's request); otherwise
 * the customer's current address is read at delivery. Once SENT, DEAD or
 * CANCELLED, `to_address` and `params` are cleared (the map keeps them "until
 * delivered"); what stays is the kind, the ids and the times, the proof that
 * the controller told the person (Art 5(2)).
 */
@Entity({ tableName: 'email_outbox' })
@Index({ name: 'email_outbox_due_idx', properties: ['status', 'nextAttemptAt'] })
@Index({ name: 'email_outbox_customer_idx', properties: ['customerId'] })
export class EmailMessage {
  [OptionalProps]?: 'status' | 'attempts' | 'leaseUntil' | 'lastError' | 'messageId' | 'sentAt' | 'toAddress' | 'language' | 'params' | 'customerId' | 'requestId' | 'dedupeKey';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => EmailKind, nativeEnumName: 'email_kind' })
  kind: EmailKind;

  /** The customer it is for (id only; no foreign key: the proof of sending outlives an erasure). */
  @Property({ type: 'uuid', nullable: true })
  customerId: string | null = null;

  /** The privacy request it is about, if any. */
  @Property({ type: 'uuid', nullable: true })
  requestId: string | null = null;

  /** A copied address (erasure receipt, guests); null means "the customer's current address". Cleared once done. */
  @Property({ type: 'text', nullable: true })
  toAddress: string | null = null;

  /** FI or EN; null means "the customer's language". */
  @Property({ type: 'text', nullable: true })
  language: EmailLanguage | null = null;

  /** What the template needs (dates, a reason, a link); no names or profile values. Cleared once done. */
  @Property({ type: 'json', nullable: true })
  params: Record<string, string> | null = null;

  @Enum({ items: () => EmailStatus, nativeEnumName: 'email_status' })
  status: EmailStatus = EmailStatus.PENDING;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  nextAttemptAt: Date;

  /** While SENDING: after this the claim is void and another worker may take the message. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;

  /** The last failure as a code (e.g. SMTP 451, ECONNREFUSED): never the server's text, which may quote the address. */
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** RFC 5322 Message-ID, the same on every attempt so a receiver can drop a repeat. */
  @Property({ type: 'text', nullable: true })
  messageId: string | null = null;

  /** One message per key (e.g. one statement-change notice per customer and version). */
  @Property({ type: 'text', nullable: true, unique: 'email_outbox_dedupe_key_unique' })
  dedupeKey: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt: Date | null = null;
}
