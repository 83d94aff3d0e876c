import { Migration } from '@mikro-orm/migrations';

/** The transactional e-mail outbox (issue 11) and the customer's language for messages. */
export class Migration20261201210000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "email_kind" as enum ('REQUEST_RECEIVED', 'IDENTITY_VERIFICATION', 'REQUEST_EXTENDED', 'REQUEST_COMPLETED', 'REQUEST_REFUSED', 'RESTRICTION_LIFTING', 'ERASURE_DONE', 'ACCOUNT_EXISTS', 'EMAIL_CHANGE_CONFIRMATION', 'PRIVACY_NOTICE_UPDATED');`);
    this.addSql(`create type "email_status" as enum ('PENDING', 'SENDING', 'SENT', 'DEAD', 'CANCELLED');`);
    this.addSql(`create table "email_outbox" ("id" uuid not null, "kind" "email_kind" not null, "customer_id" uuid null, "request_id" uuid null, "to_address" text null, "language" text null, "params" jsonb null, "status" "email_status" not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "last_error" text null, "message_id" text null, "dedupe_key" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "email_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "email_outbox_due_idx" on "email_outbox" ("status", "next_attempt_at");`);
    this.addSql(`create index "email_outbox_customer_idx" on "email_outbox" ("customer_id");`);
    this.addSql(`alter table "email_outbox" add constraint "email_outbox_dedupe_key_unique" unique ("dedupe_key");`);
    // NOTIFY is delivered on commit only: the worker wakes for committed messages, never for rolled-back ones.
    this.addSql(`create function email_outbox_notify() returns trigger language plpgsql as $$ begin perform pg_notify('email_outbox', ''); return null; end $$;`);
    this.addSql(`create trigger email_outbox_notify after insert on email_outbox for each statement execute function email_outbox_notify();`);

    this.addSql(`alter table "customer" add column "language" text not null default 'FI';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "email_outbox" cascade;`);
    this.addSql(`drop function if exists email_outbox_notify();`);
    this.addSql(`drop type "email_kind";`);
    this.addSql(`drop type "email_status";`);
    this.addSql(`alter table "customer" drop column "language";`);
  }

}
