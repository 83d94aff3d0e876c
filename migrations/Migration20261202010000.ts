import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 §4: a guest's export and erasure are audited like a customer's
 * (§9.2). A guest has no customer id, and the audit must not hold the e-mail
 * in clear, so a guest entry is keyed by the privacy request it answered
 * (subject_request_id; the request keeps the address only until the guest is
 * erased). customer_id may now be null for such entries.
 *
 * The tamper-evident chain covers the new column: audit_entry_hash gets an
 * overload with it, which appends it to the hashed content only when it is
 * set, so every existing row (and every customer row) hashes exactly as
 * before and the chain stays valid across this migration.
 */
export class Migration20261202010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" alter column "customer_id" drop not null;`);
    this.addSql(`alter table "audit_entry" add column "subject_request_id" uuid null;`);
    this.addSql(`create or replace function audit_entry_hash(
        prev bytea, seq bigint, occurred_at timestamptz, request_id text, principal_kind text, principal_id text,
        customer_id uuid, action text, fields text[], purpose text, operation text, subject_request_id uuid) returns bytea
      language sql immutable as $$
        select case when subject_request_id is null
          then audit_entry_hash(prev, seq, occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose, operation)
          else sha256(coalesce(prev, '\\x'::bytea) || convert_to(json_build_array(
            seq, (extract(epoch from occurred_at) * 1000000)::bigint, request_id, principal_kind, principal_id,
            customer_id::text, action, fields, purpose, operation, subject_request_id::text)::text, 'UTF8'))
        end
      $$;`);
    this.addSql(`create or replace function audit_entry_chain() returns trigger language plpgsql as $$
      declare last record;
      begin
        -- One writer at a time appends to the chain; the lock is held until the writer commits,
        -- so the next one reads a committed predecessor.
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
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation);
        return new;
      end;
    $$;`);
    this.addSql(`drop function if exists audit_entry_hash(bytea, bigint, timestamptz, text, text, text, uuid, text, text[], text, text, uuid);`);
    this.addSql(`alter table "audit_entry" drop column "subject_request_id";`);
    this.addSql(`alter table "audit_entry" alter column "customer_id" set not null;`);
  }
}
