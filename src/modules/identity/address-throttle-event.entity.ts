import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One throttled action from a client address (issue 10: sign-ups), counted
 * per bucket in a sliding window. The key is a keyed hash of the address,
 * never the address; rows older than a day are housekeeping's to delete.
 */
@Entity({ tableName: 'address_throttle_event' })
@Index({ name: 'address_throttle_event_key_idx', properties: ['bucket', 'addressKey', 'at'] })
export class AddressThrottleEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  /** What is counted, e.g. SIGNUP. */
  @Property({ type: 'text' })
  bucket: string;

  @Property({ type: 'text' })
  addressKey: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at: Date;
}
