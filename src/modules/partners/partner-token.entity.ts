import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { PartnerScope } from '../../core/auth/principal';
import { Partner } from './partner.entity';

/**
 * An API token of a partner service. The secret is shown once when issued;
 * only its SHA-256 is kept. Revocation takes effect on the very next request
 * because every request looks the token up.
 */
@Entity({ tableName: 'partner_token' })
export class PartnerToken {
  [OptionalProps]?: 'createdAt' | 'revokedAt' | 'lastUsedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Partner, deleteRule: 'cascade', index: 'partner_token_partner_idx' })
  partner: Rel<Partner>;

  @Property({ type: 'text', unique: 'partner_token_hash_unique', hidden: true })
  tokenHash: string;

  /** The first characters of the token, to recognise it in lists (never enough to use it). */
  @Property({ type: 'text' })
  displayPrefix: string;

  @Property({ type: 'text[]' })
  scopes: PartnerScope[];

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'text' })
  createdBy: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;
}
