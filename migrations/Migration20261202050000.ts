import { Migration } from '@mikro-orm/migrations';

const HASH_11 = 'audit_entry_hash(bytea, bigint, timestamptz, text, text, text, uuid, text, text[], text, text)';
const HASH_12 = 'audit_entry_hash(bytea, bigint, timestamptz, text, text, text, uuid, text, text[], text, text, uuid)';

/**
 * Issue 9: the audit chain's hash (§9.2) inlined instead of called.
 *
 * audit_entry_hash was declared IMMUTABLE, but its body calls STABLE functions
 * (json_build_array and extract on a timestamptz depend on session settings). PostgreSQL
 * never inlines an IMMUTABLE SQL function whose body is less than immutable, so every
 * audit row ran the SQL-function executor twice (the 12-argument form calls the
 * 11-argument one): ≈ 40 µs a row, 4 ms of a staff page's 100 rows. Declared STABLE —
 * what the body really is — both inline into the trigger's expression and into the
 * verification's query (EXPLAIN VERBOSE shows the sha256 expression, not the call).
 * The formula is unchanged: every existing hash still verifies. The trigger also asks for
 * the transaction id once a row instead of twice.
 */
export class Migration20261202050000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter function ${HASH_11} stable;`);
    this.addSql(`alter function ${HASH_12} stable;`);
    this.addSql(`create or replace function audit_entry_chain() returns trigger language plpgsql as $$
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
        new.row_hash := audit_entry_hash(new.prev_hash, new.chain_seq, new.occurred_at, new.request_id, new.principal_kind::text,
          new.principal_id, new.customer_id, new.action::text, new.fields, new.purpose, new.operation, new.subject_request_id);
        perform set_config('rekisteri.audit_chain_head', tx || ':' || new.chain_seq || ':' || encode(new.row_hash, 'hex'), true);
        return new;
      end;
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter function ${HASH_11} immutable;`);
    this.addSql(`alter function ${HASH_12} immutable;`);
    this.addSql(`create or replace function audit_entry_chain() returns trigger language plpgsql as $$
      declare head text; seq bigint; prev bytea;
      begin
        head := current_setting('rekisteri.audit_chain_head', true);
        if head is null or head = '' or split_part(head, ':', 1) <> txid_current()::text then
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
}
