import { Migration } from '@mikro-orm/migrations';

/**
 * The application's database role and the append-only audit trail (§9.2).
 *
 * The API connects with whatever DATABASE_URL names, then `SET ROLE
 * rekisteri_app` on every pooled connection, so these grants bind it even
 * when the login is a superuser. The role may read and write every table,
 * but on audit_entry only SELECT and INSERT; a trigger additionally refuses
 * UPDATE and DELETE of audit rows for every role, the owner included.
 */
export class Migration20261125210300 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'rekisteri_app') then
        create role rekisteri_app nologin;
      end if;
    end $$;`);
    // The migrating login must be able to SET ROLE to it (a superuser always can).
    this.addSql(`do $$ begin
      if not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant rekisteri_app to %I', current_user);
      end if;
    end $$;`);
    this.addSql(`grant usage on schema public to rekisteri_app;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to rekisteri_app;`);
    this.addSql(`grant usage, select on all sequences in schema public to rekisteri_app;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to rekisteri_app;`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to rekisteri_app;`);
    this.addSql(`revoke update, delete, truncate on audit_entry from rekisteri_app;`);
    this.addSql(`revoke insert, update, delete, truncate on mikro_orm_migrations from rekisteri_app;`);
    this.addSql(`create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_entry is append-only: % refused', tg_op using errcode = '42501';
      end;
    $$;`);
    this.addSql(`create trigger audit_entry_append_only before update or delete on audit_entry
      for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_entry_no_truncate before truncate on audit_entry
      for each statement execute function audit_entry_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_entry_no_truncate on audit_entry;`);
    this.addSql(`drop trigger if exists audit_entry_append_only on audit_entry;`);
    this.addSql(`drop function if exists audit_entry_append_only();`);
  }
}
