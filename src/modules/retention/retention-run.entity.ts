import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { registerEnumType } from 'type-graphql';

export enum RetentionRule {
  INACTIVE_CUSTOMERS = 'INACTIVE_CUSTOMERS',
  LOYALTY_ENDED = 'LOYALTY_ENDED',
  HELD_ORDERS_EXPIRED = 'HELD_ORDERS_EXPIRED',
  REQUEST_DEADLINES = 'REQUEST_DEADLINES',
  HOUSEKEEPING = 'HOUSEKEEPING',
}

registerEnumType(RetentionRule, {
  name: 'RetentionRule',
  description: 'A retention clock of the privacy statement that a scheduled pass keeps.',
  valuesConfig: {
    INACTIVE_CUSTOMERS: { description: '§4.2: customers unused for two years are erased unless another basis exists.' },
    LOYALTY_ENDED: { description: '§4.3: loyalty data goes after the membership ends (plus a grace period).' },
    HELD_ORDERS_EXPIRED: { description: '§8.9: held bookkeeping records past retain-until lose their remaining personal data.' },
    REQUEST_DEADLINES: { description: '§8.6: requests near or past their deadline are flagged for the privacy officer.' },
    HOUSEKEEPING: { description: 'Expired sessions and tokens, old throttling records.' },
  },
});

export enum RetentionRunStatus {
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}

registerEnumType(RetentionRunStatus, { name: 'RetentionRunStatus', description: 'How a retention pass ended.' });

/** The report of one retention pass: when, which rule, how many, and (in items) which customers and why. */
@Entity({ tableName: 'retention_run' })
@Index({ name: 'retention_run_rule_started_idx', properties: ['rule', 'startedAt'] })
export class RetentionRun {
  [OptionalProps]?: 'status' | 'finishedAt' | 'examined' | 'acted' | 'kept' | 'error';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: () => RetentionRule, nativeEnumName: 'retention_rule' })
  rule: RetentionRule;

  @Property({ type: 'boolean' })
  dryRun: boolean;

  /** The clock the pass ran by (tests and dry runs may set it). */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  asOf: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  startedAt: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Enum({ items: () => RetentionRunStatus, nativeEnumName: 'retention_run_status' })
  status: RetentionRunStatus = RetentionRunStatus.RUNNING;

  @Property({ type: 'integer' })
  examined: number = 0;

  @Property({ type: 'integer' })
  acted: number = 0;

  @Property({ type: 'integer' })
  kept: number = 0;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;
}

/** One subject of a pass: what was done to it, or why it was kept. Ids only. */
@Entity({ tableName: 'retention_run_item' })
@Index({ name: 'retention_run_item_run_idx', properties: ['run'] })
export class RetentionRunItem {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @ManyToOne({ entity: () => RetentionRun, deleteRule: 'cascade', index: false })
  run: Rel<RetentionRun>;

  /** The customer, order, request or membership the item is about. */
  @Property({ type: 'uuid' })
  subjectId: string;

  /** ERASED, DELETED, ANONYMISED, FLAGGED, WOULD_… in a dry run, or KEPT. */
  @Property({ type: 'text' })
  action: string;

  /** Why it was kept (e.g. ACTIVE_LOYALTY_MEMBERSHIP), or the basis of the action. */
  @Property({ type: 'text', nullable: true })
  reason: string | null;
}
