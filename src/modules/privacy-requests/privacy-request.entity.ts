import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

export enum PrivacyRequestType {
  ACCESS = 'ACCESS',
  RECTIFICATION = 'RECTIFICATION',
  ERASURE = 'ERASURE',
  RESTRICTION = 'RESTRICTION',
  OBJECTION = 'OBJECTION',
  DIRECT_MARKETING_BAN = 'DIRECT_MARKETING_BAN',
  CONSENT_WITHDRAWAL = 'CONSENT_WITHDRAWAL',
}

registerEnumType(PrivacyRequestType, {
  name: 'PrivacyRequestType',
  description: 'Which right a data-subject request exercises (§8).',
  valuesConfig: {
    ACCESS: { description: '§8.1 access and portability.' },
    RECTIFICATION: { description: '§8.2 correct wrong or incomplete data.' },
    ERASURE: { description: '§8.7 erasure, within the legal holds of §8.9.' },
    RESTRICTION: { description: '§8.8, §8.11 restriction of processing while disputed.' },
    OBJECTION: { description: '§8.3 objection to processing.' },
    DIRECT_MARKETING_BAN: { description: '§8.4 ban on direct marketing.' },
    CONSENT_WITHDRAWAL: { description: '§8.10 withdrawal of consent.' },
  },
});

export enum PrivacyRequestStatus {
  AWAITING_VERIFICATION = 'AWAITING_VERIFICATION',
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  REFUSED = 'REFUSED',
}

registerEnumType(PrivacyRequestStatus, {
  name: 'PrivacyRequestStatus',
  description: 'Where a request stands. Every request ends COMPLETED or REFUSED with a reason.',
  valuesConfig: {
    AWAITING_VERIFICATION: {
      description:
        'Identity not yet verified (§8.5): recorded from e-mail or post, or a storefront access or erasure waiting for the link sent to the account’s mailbox. Nothing is done until it is.',
    },
    OPEN: { description: 'Identity known; being handled.' },
    COMPLETED: { description: 'Done.' },
    REFUSED: { description: 'Not done, with a reason the customer can read (§8.7).' },
  },
});

export enum RequestChannel {
  STOREFRONT = 'STOREFRONT',
  EMAIL = 'EMAIL',
  POST = 'POST',
  SYSTEM = 'SYSTEM',
}

registerEnumType(RequestChannel, {
  name: 'RequestChannel',
  description: 'How a request arrived; all are in writing (§8).',
  valuesConfig: {
    STOREFRONT: {
      description:
        'From the signed-in storefront: identity proven by the session; access and erasure also by the password within minutes and a single-use link to the account’s mailbox (§8.5).',
    },
    EMAIL: { description: 'By e-mail to customer service.' },
    POST: { description: 'By letter.' },
    SYSTEM: { description: 'Opened by Rekisteri itself, e.g. the §4.2 retention pass erasing an unused account.' },
  },
});

/**
 * A data-subject request (§8): type, status, when received and when due
 * (one calendar month, GDPR Art 12(3), §8.6), at most one extension of up to
 * two months with a reason the customer is told. customer_id has no foreign
 * key: the record of how a request was handled outlives an erasure. A guest's
 * request names the e-mail address instead (subject_email), scrubbed on erasure.
 */
@Entity({ tableName: 'privacy_request' })
@Index({ name: 'privacy_request_status_due_idx', properties: ['status', 'dueAt'] })
@Index({ name: 'privacy_request_customer_idx', properties: ['customerId', 'receivedAt'] })
export class PrivacyRequest {
  [OptionalProps]?:
    | 'subjectEmail'
    | 'status'
    | 'extendedDueAt'
    | 'extensionReason'
    | 'verifiedAt'
    | 'verifiedBy'
    | 'verificationMethod'
    | 'resolvedAt'
    | 'resolvedBy'
    | 'refusalReason'
    | 'refusalCode'
    | 'result'
    | 'note'
    | 'deadlineAlertedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The customer; null for a guest (an e-mail with no account, issue 8 §4). */
  @Property({ type: 'uuid', nullable: true })
  customerId: string | null;

  /** A guest request: the e-mail address its guest orders were placed with. Null for a customer's request. */
  @Property({ type: 'text', nullable: true })
  subjectEmail: string | null = null;

  @Enum({ items: () => PrivacyRequestType, nativeEnumName: 'privacy_request_type' })
  type: PrivacyRequestType;

  @Enum({ items: () => PrivacyRequestStatus, nativeEnumName: 'privacy_request_status' })
  status: PrivacyRequestStatus = PrivacyRequestStatus.OPEN;

  @Enum({ items: () => RequestChannel, nativeEnumName: 'request_channel' })
  channel: RequestChannel;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  receivedAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  dueAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  extendedDueAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  extensionReason: string | null = null;

  /** Who recorded it: 'CUSTOMER' for the storefront, else the staff id. */
  @Property({ type: 'text' })
  recordedBy: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  verifiedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  verifiedBy: string | null = null;

  /** How identity was verified (§8.5), e.g. "signed-in session", "replied from the registered e-mail". */
  @Property({ type: 'text', nullable: true })
  verificationMethod: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  resolvedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  refusalReason: string | null = null;

  /**
   * Why it was refused, as a code the client branches on (PrivacyRequestRefusalCode, declared in
   * privacy-requests.errors.ts); set by every path that refuses. Null unless REFUSED. Text, not a native
   * enum, so a new code needs no migration; a code read back that no catalog declares is a bug.
   */
  @Property({ type: 'text', nullable: true })
  refusalCode: string | null = null;

  /** Free-text note of the handler; no personal data. */
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  /** When the deadline pass flagged this request to the privacy officer (§8.6). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deadlineAlertedAt: Date | null = null;

  /** The outcome shown to the customer (e.g. the erasure result), so a repeat answers the same. */
  @Property({ type: 'json', nullable: true })
  result: Record<string, unknown> | null = null;
}
