import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 9: the audit chain (§9.2) at the cost of one lookup per statement, not one per row.
 *
 * A staff page of 100 customers writes 100 audit rows in one INSERT; the chain trigger took
 * the advisory lock and read the chain's head for every row (≈ 9 ms of database time per page,
 * measured with \timing on the bench:peer database). Within one transaction nobody else can
 * append once the lock is held, so the head this trigger wrote last is the head: it is kept in
 * a transaction-local setting (set_config(..., true), undone with the transaction or savepoint
 * that wrote it) and read from there for the following rows. The hash is the one
 * audit_entry_hash computes (verifyAuditTrail recomputes it with that function, so a difference
 * in the formula fails the audit-chain tests). A caller who forges the setting only breaks the
 * chain visibly (a wrong prev_hash, or a duplicate chain_seq refused by its unique constraint):
 * the trail stays tamper-evident.
 */
export class Migration20261202014000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function audit_entry_chain() returns trigger language plpgsql as $$
      declare head text; seq bigint; prev bytea;
      begin
        head := current_setting('rekisteri.audit_chain_head', true);
        if head is null or head = '' or split_part(head, ':', 1) <> txid_current()::text then
          -- One writer at a time appends to the chain; the lock is held until the writer commits,
          -- so the next one reads a committed predecessor.
          perform pg_advisory_xact_lock(hashtext('audit_entry_chain'));
          select a.chain_seq, a.row_hash into seq, prev from audit_entry a order by a.chain_seq desc limit 1;
        else
          seq := split_part(head, ':', 2)::bigint;
          prev := decode(split_part(head, ':', 3), 'hex');
        end if;
        new.occurred_at := clock_timestamp();
        new.chain_seq := coalesce(seq, 0) + 1;
        new.prev_hash := prev;
        new.row_hash := audit_entry_hash(new.prev_hash, new.chain_seq, new.occurred_at, new.request_id, new.principal_kind::text,
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation, new.subject_request_id);
        perform set_config('rekisteri.audit_chain_head', txid_current()::text || ':' || new.chain_seq || ':' || encode(new.row_hash, 'hex'), true);
        return new;
      end;
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function audit_entry_chain() returns trigger language plpgsql as $$
      declare last record;
      begin
        perform pg_advisory_xact_lock(hashtext('audit_entry_chain'));
        select a.chain_seq, a.row_hash into last from audit_entry a order by a.chain_seq desc limit 1;
        new.occurred_at := clock_timestamp();
        new.chain_seq := coalesce(last.chain_seq, 0) + 1;
        new.prev_hash := last.row_hash;
        new.row_hash := audit_entry_hash(new.prev_hash, new.chain_seq, new.occurred_at, new.request_id, new.principal_kind::text,
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation, new.subject_request_id);
        return new;
      end;
    $$;`);
  }
}
