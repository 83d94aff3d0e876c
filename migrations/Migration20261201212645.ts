import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10.
 * - address_throttle_event: sign-ups per client address (keyed hashes only).
 * - customer_notice_kind EMAIL_ALREADY_REGISTERED: the owner of an address is told of a sign-up to it.
 * - §9.2 a tamper-evident audit trail. Every audit row carries its place in a
 *   chain (chain_seq), the previous row's hash and a SHA-256 over its own
 *   content and that hash. A BEFORE INSERT trigger sets them, and sets
 *   occurred_at from the database clock, under one advisory lock so rows are
 *   chained in insertion order; callers cannot choose any of them. A changed,
 *   deleted or back-dated row breaks the chain where verifyAuditTrail looks.
 */
export class Migration20261201212645 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "address_throttle_event" ("id" bigserial primary key, "bucket" text not null, "address_key" text not null, "at" timestamptz not null);`);
    this.addSql(`create index "address_throttle_event_key_idx" on "address_throttle_event" ("bucket", "address_key", "at");`);
    this.addSql(`alter type "customer_notice_kind" add value if not exists 'EMAIL_ALREADY_REGISTERED' after 'RESTRICTION_LIFTING';`);

    this.addSql(`alter table "audit_entry" add column "chain_seq" bigint null, add column "prev_hash" bytea null, add column "row_hash" bytea null;`);
    // The content a row's hash covers, in a fixed order and encoding (JSON text of the values;
    // the time as microseconds since the epoch, so no session time zone changes it).
    this.addSql(`create or replace function audit_entry_hash(
        prev bytea, seq bigint, occurred_at timestamptz, request_id text, principal_kind text, principal_id text,
        customer_id uuid, action text, fields text[], purpose text, operation text) returns bytea
      language sql immutable as $$
        select sha256(coalesce(prev, '\\x'::bytea) || convert_to(json_build_array(
          seq, (extract(epoch from occurred_at) * 1000000)::bigint, request_id, principal_kind, principal_id,
          customer_id::text, action, fields, purpose, operation)::text, 'UTF8'))
      $$;`);
    // Chain the rows that exist already, in the order they happened.
    this.addSql(`alter table "audit_entry" disable trigger audit_entry_append_only;`);
    this.addSql(`do $$ declare r record; prev bytea := null; seq bigint := 0; begin
      for r in select * from audit_entry order by occurred_at, id loop
        seq := seq + 1;
        update audit_entry set chain_seq = seq, prev_hash = prev,
          row_hash = audit_entry_hash(prev, seq, r.occurred_at, r.request_id, r.principal_kind::text, r.principal_id,
                                      r.customer_id, r.action::text, r.fields, r.purpose, r.operation)
          where id = r.id returning row_hash into prev;
      end loop;
    end $$;`);
    this.addSql(`alter table "audit_entry" enable trigger audit_entry_append_only;`);
    // The defaults only satisfy NOT NULL for an instant: the trigger replaces them on every insert.
    this.addSql(`alter table "audit_entry" alter column "chain_seq" set not null, alter column "chain_seq" set default 0,
      alter column "row_hash" set not null, alter column "row_hash" set default '\\x';`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_chain_seq_unique" unique ("chain_seq");`);
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
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation);
        return new;
      end;
    $$;`);
    this.addSql(`create trigger audit_entry_chain before insert on audit_entry for each row execute function audit_entry_chain();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_entry_chain on audit_entry;`);
    this.addSql(`drop function if exists audit_entry_chain();`);
    this.addSql(`alter table "audit_entry" drop constraint "audit_entry_chain_seq_unique";`);
    this.addSql(`alter table "audit_entry" drop column "chain_seq", drop column "prev_hash", drop column "row_hash";`);
    this.addSql(`drop function if exists audit_entry_hash(bytea, bigint, timestamptz, text, text, text, uuid, text, text[], text, text);`);
    this.addSql(`drop table if exists "address_throttle_event" cascade;`);
  }
}
