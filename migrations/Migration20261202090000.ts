import { Migration } from '@mikro-orm/migrations';

const HASH_13 = 'audit_entry_hash(bytea, bigint, timestamptz, text, text, text, uuid, text, text[], text, text, uuid, uuid[])';

const CHAIN_TRIGGER = (hashCall: string) => `create or replace function audit_entry_chain() returns trigger language plpgsql as $$
      declare head text; seq bigint; prev bytea; tx text;
      begin
        tx := txid_current()::text;
        head := current_setting('rekisteri.audit_chain_head', true);
        if head is null or head = '' or split_part(head, ':', 1) <> tx then
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
        new.row_hash := ${hashCall};
        perform set_config('rekisteri.audit_chain_head', tx || ':' || new.chain_seq || ':' || encode(new.row_hash, 'hex'), true);
        return new;
      end;
    $$;`;

/**
 * Issue 9: a staff page's reads as one audit entry per set of fields, not one per customer (§9.2).
 *
 * A page of 100 customers wrote 100 rows, each through the chain trigger (lock state, a
 * SHA-256 over its content, four index entries): logged on the bench:peer database, 10 ms of
 * database time per page at rest and 22–26 ms under load, a third of the page's database
 * CPU. The customers read with the same fields in one request now share one entry that
 * names them in `customer_ids` (in the order they were read); a customer read alone keeps
 * `customer_id`. The hash of an entry with `customer_ids` covers them, after the other
 * content; entries without keep the formula they were written with, so every existing hash
 * still verifies. The audit module's readers find a customer's entries in either column
 * (the GIN index serves `customer_ids @> array[id]`).
 */
export class Migration20261202090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "audit_entry" add column "customer_ids" uuid[] null;');
    this.addSql(
      `alter table "audit_entry" add constraint audit_entry_one_subject_form check (customer_ids is null or (customer_id is null and cardinality(customer_ids) > 1));`,
    );
    this.addSql('create index "audit_entry_customer_ids_idx" on "audit_entry" using gin ("customer_ids");');
    // STABLE, like the other two forms, so that it inlines (Migration20261202050000).
    this.addSql(`create function ${HASH_13.replace(/\(.*\)$/, '')}(prev bytea, seq bigint, occurred_at timestamptz, request_id text, principal_kind text,
        principal_id text, customer_id uuid, action text, fields text[], purpose text, operation text, subject_request_id uuid, customer_ids uuid[])
      returns bytea language sql stable as $$
        select case when customer_ids is null
          then audit_entry_hash(prev, seq, occurred_at, request_id, principal_kind, principal_id, customer_id, action, fields, purpose, operation, subject_request_id)
          else sha256(coalesce(prev, '\\x'::bytea) || convert_to(json_build_array(
            seq, (extract(epoch from occurred_at) * 1000000)::bigint, request_id, principal_kind, principal_id,
            customer_id::text, action, fields, purpose, operation, subject_request_id::text, customer_ids::text[])::text, 'UTF8'))
        end
      $$;`);
    this.addSql(
      CHAIN_TRIGGER(`audit_entry_hash(new.prev_hash, new.chain_seq, new.occurred_at, new.request_id, new.principal_kind::text,
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation, new.subject_request_id, new.customer_ids)`),
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      CHAIN_TRIGGER(`audit_entry_hash(new.prev_hash, new.chain_seq, new.occurred_at, new.request_id, new.principal_kind::text,
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation, new.subject_request_id)`),
    );
    this.addSql(`drop function ${HASH_13};`);
    this.addSql('drop index "audit_entry_customer_ids_idx";');
    this.addSql('alter table "audit_entry" drop constraint audit_entry_one_subject_form;');
    this.addSql('alter table "audit_entry" drop column "customer_ids";');
  }
}
