import type { EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';
import type { RuntimeSettings } from '../../config/config';
import type { Principal } from '../auth/principal';

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

/** What a handler gets: the transaction, who is acting, and the subject as it was before anything changed. */
export interface PersonalDataContext {
  em: EntityManager;
  principal: Principal;
  requestId: string;
  now: Date;
  settings: RuntimeSettings;
  subject: { customerId: string; email: string | null };
}

export interface PersonalDataHandler {
  /** The domain, e.g. "loyalty". */
  domain: string;
  /** Names of the entities (MikroORM class names) whose customer data this handler covers. */
  entities: readonly string[];
  export(ctx: PersonalDataContext): Promise<ExportSection[]>;
  /** Runs inside the erasure transaction; may throw to abort the whole erasure. */
  erase(ctx: PersonalDataContext): Promise<ErasureOutcome[]>;
}
