import { Migration } from '@mikro-orm/migrations';

/** The backfill, exported so test/rights/refusal-codes.test.ts runs the very statement on old-style rows. */
export const BACKFILL_REFUSAL_CODES_SQL = `update privacy_request set refusal_code = case
    when resolved_by = 'system:erasure' then 'REQUEST_SUBJECT_ERASED'
    when type = 'ERASURE' and result->>'refusalCode' in ('ERASURE_LEGAL_HOLD', 'ERASURE_OPEN_ORDER', 'ERASURE_UNPAID_ORDER') then result->>'refusalCode'
    when type = 'OBJECTION' and result->>'decision' = 'REJECT' then 'REQUEST_OBJECTION_REJECTED'
    else 'REQUEST_REFUSED_BY_STAFF'
  end
  where status = 'REFUSED' and refusal_code is null`;


/**
 * Issue 12 part 8: a refused request carries a code the client branches on (PrivacyRequest.refusalCode,
 * the PrivacyRequestRefusalCode enum of privacy-requests.errors.ts), beside the reason the person reads.
 * Text, not a native enum: a new code in the catalog needs no migration.
 *
 * Rows refused before this migration get the code their path would set now, where it can be told from the
 * row (every REFUSED row came from exactly one of these paths):
 * - closed by the erasure of the customer (resolved_by 'system:erasure'): REQUEST_SUBJECT_ERASED;
 * - an erasure refused by a blocker: the erasure refusal code stored in its answer (result.refusalCode);
 * - an objection rejected (§8.3; result.decision REJECT): REQUEST_OBJECTION_REJECTED;
 * - every other refusal was the privacy officer's refusePrivacyRequest: REQUEST_REFUSED_BY_STAFF (the
 *   more precise staff codes did not exist, so none is guessed from the reason's words).
 * Requests not REFUSED keep null.
 */
export class Migration20261202024000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "privacy_request" add column "refusal_code" text null;`);
    this.addSql(BACKFILL_REFUSAL_CODES_SQL);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "privacy_request" drop column "refusal_code";`);
  }
}
