import type { AppError } from '../graphql/errors';
import type { Principal } from './principal';

/*
 * A credential checked in the same statement as the request's first read (issue 9).
 *
 * The storefront's `me` is one SQL statement; looking the session up first made it two
 * round trips, and on this machine's loopback each write to a socket cost ≈ 0.1 ms of CPU
 * (node --cpu-prof: writev was 28% of the storefront's profile, three writes a request).
 * When the authenticator already knows which principal a token was (a hint, never trusted
 * on its own), it hands back that principal with the check still to do. The check then
 * rides along with the first read the request makes outside a transaction: the read's
 * statement carries the session lookup as one more column, so the session row comes from
 * the same snapshot as the data. Nothing is answered before the check has passed:
 * - a mutation (or subscription) has it done before anything runs (Apollo's
 *   didResolveOperation), on its own statement;
 * - a query whose reads never carried it (no read, only empty ones, or only inside
 *   transactions) has it done on its own statement before the response goes out;
 * - a failed check replaces the whole response with the refusal the authenticator would
 *   have given (401 with the reason): revoking a session still takes effect on the very next
 *   request, and nothing read under the stale principal leaves the server.
 */

/** What an authenticator hands back for the check it has not done yet. */
export interface DeferredCheck {
  /** A select giving one row (or none) for the judge; `?` placeholders. */
  readonly sql: string;
  readonly params: readonly unknown[];
  /** null when the principal holds; else the error to answer (and the hint is dropped). */
  judge(row: Record<string, unknown> | undefined): AppError | null;
}

/** An authenticator's answer: a principal checked already, or one with its check still to do. */
export type Authenticated = Principal | { principal: Principal; check: DeferredCheck };

export function isProvisional(auth: Authenticated): auth is { principal: Principal; check: DeferredCheck } {
  return 'check' in auth;
}

/** The column the check rides in; stripped from the rows before anyone sees them. */
const COLUMN = 'rkCredential';

/** The check of one request, done at most once: on a read, or on its own statement. */
export class PendingCredentialCheck {
  private outcome: { failure: AppError | null } | null = null;

  constructor(
    private readonly check: DeferredCheck,
    private readonly runAlone: (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>,
  ) {}

  get done(): boolean {
    return this.outcome !== null;
  }

  /**
   * The read to send instead of `sql`, carrying the check, or null when it cannot carry it
   * (done already, or not a plain select).
   */
  carry(sql: string, params: readonly unknown[]): { sql: string; params: unknown[] } | null {
    if (this.outcome || !/^\s*select\b/i.test(sql)) return null;
    return {
      sql: `select q.*, (select row_to_json(k) from (${this.check.sql}) k)::text as "${COLUMN}" from (${sql}) q`,
      params: [...this.check.params, ...params],
    };
  }

  /** Reads the check off the rows of a carried read and strips its column. Empty reads settle nothing. */
  receive<T>(rows: T[]): T[] {
    if (rows.length === 0) return rows;
    // Two reads may have carried it at once: the first answer counts, both lose the column.
    if (!this.outcome) {
      const value = (rows[0] as Record<string, unknown>)[COLUMN];
      this.outcome = { failure: this.check.judge(typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : undefined) };
    }
    for (const row of rows) delete (row as Record<string, unknown>)[COLUMN];
    return rows;
  }

  /** The refusal, or null when the principal holds; runs the check on its own if no read carried it. */
  async failure(): Promise<AppError | null> {
    if (!this.outcome) {
      const [row] = await this.runAlone(this.check.sql, this.check.params);
      this.outcome = { failure: this.check.judge(row) };
    }
    return this.outcome.failure;
  }
}
