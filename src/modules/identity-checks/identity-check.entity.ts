import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A single-use, expiring link that proves the person who wrote in controls
 * the registered e-mail address (§8.5). Only the SHA-256 of the token is
 * stored; the token itself travels once, in the e-mail (the outbox clears it
 * after sending). Opening the link (POST, never GET: mail scanners follow
 * links) verifies the request and records when.
 */
@Entity({ tableName: 'identity_check' })
@Index({ name: 'identity_check_request_idx', properties: ['requestId'] })
export class IdentityCheck {
  [OptionalProps]?: 'usedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The privacy request it verifies (id only; the record of the check outlives an erasure). */
  @Property({ type: 'uuid' })
  requestId: string;

  @Property({ type: 'text', unique: 'identity_check_token_hash_unique', hidden: true })
  tokenHash: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  usedAt: Date | null = null;
}
