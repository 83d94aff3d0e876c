import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../core/auth/principal';

/** A member of staff with per-user credentials (§9.3) and one or more roles (§9.2). */
@Entity({ tableName: 'staff_user' })
export class StaffUser {
  [OptionalProps]?: 'active' | 'createdAt' | 'lastLoginAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Work e-mail, lower-cased: the login. */
  @Property({ type: 'text', unique: 'staff_user_email_unique' })
  email: string;

  @Property({ type: 'text' })
  displayName: string;

  /** argon2id (OWASP: m ≥ 19 MiB, t ≥ 2, p = 1). */
  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Property({ type: 'text[]' })
  roles: StaffRole[];

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastLoginAt: Date | null = null;
}
