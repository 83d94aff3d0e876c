import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One failed login, for throttling (ASVS: at most 100 failures an hour per
 * account). Keys are keyed hashes of the e-mail and the client address, never
 * the values themselves; rows older than a day are housekeeping's to delete.
 */
@Entity({ tableName: 'login_failure' })
@Index({ name: 'login_failure_account_idx', properties: ['accountKey', 'at'] })
@Index({ name: 'login_failure_address_idx', properties: ['addressKey', 'at'] })
export class LoginFailure {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @Property({ type: 'text' })
  accountKey: string;

  @Property({ type: 'text' })
  addressKey: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at: Date;
}
