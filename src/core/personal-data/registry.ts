import type { EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';
import type { RuntimeSettings } from '../../config/config';
import type { Principal } from '../auth/principal';
import type { SubjectIdentifiers } from './scrub';

/*
 * The personal-data registry (§8.1, §8.7): every domain that holds a
 * customer's personal data registers one handler saying how to export it and
 * how to erase it. The access export and the erasure loop over the handlers
 * and import no domain's entities themselves; a test fails when an entity
 * holding personal data is covered by no handler.
 */

export enum ErasureOutcomeKind {
  ERASED = 'ERASED',
  ANONYMISED = 'ANONYMISED',
  RETAINED = 'RETAINED',
}

registerEnumType(ErasureOutcomeKind, {
  name: 'ErasureOutcomeKind',
  description: 'What erasure did to a category of data (§8.7: erase, or a reasoned answer why not).',
  valuesConfig: {
    ERASED: { description: 'Deleted.' },
    ANONYMISED: { description: 'Kept without anything that identifies the person.' },
    RETAINED: { description: 'Kept because a law requires it; see legalBasis and retainedUntil.' },
  },
});

export interface ErasureOutcome {
  /** What the category is, in words a customer can read, e.g. "Loyalty membership". */
  category: string;
  outcome: ErasureOutcomeKind;
  /** How many records. */
  count: number;
  /** Why it is kept or how it was made anonymous; null for plain erasure. */
  legalBasis: string | null;
  /** ISO date until which a retained category is kept; null otherwise. */
  retainedUntil: string | null;
}

/** One category of an access export: the data with where it came from, why it is kept and for how long. */
export interface ExportSection {
  category: string;
  /** Purposes (§3.2) the data serves. */
  purposes: string[];
  /** Legal basis (§3.1, §5.1, or the law that requires keeping it). */
  legalBasis: string;
  /** How long it is kept (§4.2, §4.3, §8.9). */
  retention: string;
  /** The data; every record carries its `source` (§6) where it has one. */
  records: unknown[];
}

/** A person whose data is handled, as they were before anything changed. */
export interface DataSubject {
  customerId: string;
  email: string | null;
}

/** What a handler gets: the transaction, who is acting, and when. */
export interface PersonalDataContext {
  em: EntityManager;
  principal: Principal;
  requestId: string;
  now: Date;
  settings: RuntimeSettings;
}

/** Outcomes per customer id. */
export type ErasureOutcomes = Map<string, ErasureOutcome[]>;

export interface PersonalDataHandler {
  /** The domain, e.g. "loyalty". */
  domain: string;
  /** Names of the entities (MikroORM class names) whose customer data this handler covers. */
  entities: readonly string[];
  export(ctx: PersonalDataContext, subject: DataSubject): Promise<ExportSection[]>;
  /**
   * Erase for one or many subjects at once, with set-based SQL (the retention
   * pass erases hundreds per transaction). Runs inside the erasure transaction;
   * may throw to abort it whole. Answers each subject's outcomes.
   */
  erase(ctx: PersonalDataContext, subjects: readonly DataSubject[]): Promise<ErasureOutcomes>;
  /** A guest (an e-mail with no account, issue 8 §4): what this domain holds under that address. */
  exportGuest?(ctx: PersonalDataContext, email: string): Promise<ExportSection[]>;
  /**
   * The guest's identifiers this domain holds (names, e-mail addresses, phone
   * numbers, address lines), read before erasure: free text is scrubbed of
   * them (§8.7), exactly as of a customer's.
   */
  guestIdentifiers?(ctx: PersonalDataContext, email: string): Promise<SubjectIdentifiers>;
  /** Erase a guest's data in this domain, inside the erasure transaction; bookkeeping stays (§8.9). */
  eraseGuest?(ctx: PersonalDataContext, email: string): Promise<ErasureOutcome[]>;
}

/** `{id1,id2}`: the subjects' ids as one uuid[] parameter. */
export function idArray(subjects: readonly DataSubject[]): string {
  return `{${subjects.map((s) => s.customerId).join(',')}}`;
}

/** Counts per customer from rows of `{ customerId, n }`. */
export function countsBy(rows: readonly { customerId: string; n: string | number }[]): Map<string, number> {
  return new Map(rows.map((row) => [row.customerId, Number(row.n)]));
}

/** Give every subject the outcomes `make` builds from its count(s); null outcomes are left out. */
export function outcomesFor(subjects: readonly DataSubject[], make: (customerId: string) => (ErasureOutcome | null)[]): ErasureOutcomes {
  return new Map(subjects.map((s) => [s.customerId, make(s.customerId).filter((o): o is ErasureOutcome => o !== null)]));
}

/** Why an erasure is refused: a code the client branches on and a reason the person can read (§8.7). */
export interface ErasureRefusal {
  code: string;
  reason: string;
}

/**
 * A rule that blocks erasure (§8.7, §8.9), contributed by the module that owns
 * the data it looks at (legal holds, orders). One definition serves both the
 * request path (a reasoned refusal) and the §4.2 inactivity pass (a keep
 * reason), so the two can never disagree.
 */
export interface ErasureBlocker {
  /** The keep reason the retention report records, e.g. "LEGAL_HOLD (§8.9)". */
  keepReason: string;
  /** SQL that is true when the customer whose id is `customerIdSql` is blocked (no parameters). */
  blockedSql(customerIdSql: string): string;
  /** The refusal for one customer, or null; runs inside the erasure transaction. */
  refusal(em: EntityManager, customerId: string): Promise<ErasureRefusal | null>;
  /**
   * The refusal for a guest (an e-mail with no account, issue 8 §4), from the
   * same definition, or null; runs inside the guest's erasure transaction. A
   * blocker whose data cannot concern a guest (a legal hold is placed on a
   * customer) leaves it out.
   */
  guestRefusal?(em: EntityManager, email: string): Promise<ErasureRefusal | null>;
}
