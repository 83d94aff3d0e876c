import { Migration } from '@mikro-orm/migrations';

/** Partner webhooks (issue 11): endpoints and pushed Art 19 notices and delivery assignments. */
export class Migration20261201212000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "webhook_delivery_status" as enum ('PENDING', 'SENDING', 'DELIVERED', 'ACKNOWLEDGED', 'DEAD');`);
    this.addSql(`create table "partner_webhook" ("partner_id" uuid not null, "url" text not null, "secret" text not null, "created_at" timestamptz not null, constraint "partner_webhook_pkey" primary key ("partner_id"));`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "partner_id" uuid not null, "event_type" text not null, "ref_id" uuid not null, "status" "webhook_delivery_status" not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "last_error" text null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "acknowledged_at" timestamptz null, "created_at" timestamptz not null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_ref_idx" on "webhook_delivery" ("ref_id");`);
    this.addSql(`create index "webhook_delivery_due_idx" on "webhook_delivery" ("status", "next_attempt_at");`);

    this.addSql(`alter table "partner_webhook" add constraint "partner_webhook_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete cascade;`);

    // NOTIFY is delivered on commit only: the worker wakes for committed deliveries.
    this.addSql(`create function webhook_delivery_notify() returns trigger language plpgsql as $$ begin perform pg_notify('webhook_delivery', ''); return null; end $$;`);
    this.addSql(`create trigger webhook_delivery_notify after insert on webhook_delivery for each statement execute function webhook_delivery_notify();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "partner_webhook" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop function if exists webhook_delivery_notify();`);
    this.addSql(`drop type "webhook_delivery_status";`);
  }

}
