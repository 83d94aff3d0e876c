import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212647 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "retention_rule" as enum ('INACTIVE_CUSTOMERS', 'LOYALTY_ENDED', 'HELD_ORDERS_EXPIRED', 'REQUEST_DEADLINES', 'HOUSEKEEPING');`);
    this.addSql(`create type "retention_run_status" as enum ('RUNNING', 'COMPLETED', 'FAILED');`);
    this.addSql(`create table "retention_run" ("id" uuid not null, "rule" "retention_rule" not null, "dry_run" boolean not null, "as_of" timestamptz not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "status" "retention_run_status" not null default 'RUNNING', "examined" int not null default 0, "acted" int not null default 0, "kept" int not null default 0, "error" text null, constraint "retention_run_pkey" primary key ("id"));`);
    this.addSql(`create index "retention_run_rule_started_idx" on "retention_run" ("rule", "started_at");`);

    this.addSql(`create table "retention_run_item" ("id" bigserial primary key, "run_id" uuid not null, "subject_id" uuid not null, "action" text not null, "reason" text null);`);
    this.addSql(`create index "retention_run_item_run_idx" on "retention_run_item" ("run_id");`);

    this.addSql(`alter table "retention_run_item" add constraint "retention_run_item_run_id_foreign" foreign key ("run_id") references "retention_run" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "customer_order" add column "anonymised_at" timestamptz null;`);

    this.addSql(`alter type "request_channel" add value if not exists 'SYSTEM' after 'POST';`);

    this.addSql(`alter table "privacy_request" add column "deadline_alerted_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "retention_run_item" drop constraint "retention_run_item_run_id_foreign";`);

    this.addSql(`drop table if exists "retention_run" cascade;`);

    this.addSql(`drop table if exists "retention_run_item" cascade;`);

    this.addSql(`alter table "customer_order" drop column "anonymised_at";`);

    this.addSql(`alter table "privacy_request" drop column "deadline_alerted_at";`);

    this.addSql(`drop type "retention_rule";`);
    this.addSql(`drop type "retention_run_status";`);
  }

}
