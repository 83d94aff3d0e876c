import { Migration } from '@mikro-orm/migrations';

export class Migration20261125210152 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "audit_action" as enum ('READ', 'CHANGE');`);
    this.addSql(`create type "partner_kind" as enum ('LOGISTICS', 'ACCOUNTING', 'PAYMENT', 'IT');`);
    this.addSql(`create type "session_subject" as enum ('CUSTOMER', 'STAFF');`);
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "occurred_at" timestamptz not null, "request_id" text not null, "principal_kind" "actor_kind" not null, "principal_id" text null, "customer_id" uuid not null, "action" "audit_action" not null, "fields" text[] not null, "purpose" text not null, "operation" text null);`);
    this.addSql(`create index "audit_entry_principal_idx" on "audit_entry" ("principal_kind", "principal_id");`);
    this.addSql(`create index "audit_entry_customer_idx" on "audit_entry" ("customer_id", "occurred_at");`);

    this.addSql(`create table "customer_credential" ("customer_id" uuid not null, "password_hash" text not null, "updated_at" timestamptz not null, constraint "customer_credential_pkey" primary key ("customer_id"));`);

    this.addSql(`create table "login_failure" ("id" bigserial primary key, "account_key" text not null, "address_key" text not null, "at" timestamptz not null);`);
    this.addSql(`create index "login_failure_address_idx" on "login_failure" ("address_key", "at");`);
    this.addSql(`create index "login_failure_account_idx" on "login_failure" ("account_key", "at");`);

    this.addSql(`create table "partner" ("id" uuid not null, "name" text not null, "kind" "partner_kind" not null, "country_code" char(2) not null, "contract_reference" text not null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "partner_pkey" primary key ("id"));`);
    this.addSql(`alter table "partner" add constraint "partner_name_unique" unique ("name");`);

    this.addSql(`create table "delivery_assignment" ("id" uuid not null, "order_id" uuid not null, "partner_id" uuid not null, "assigned_at" timestamptz not null, "assigned_by" text not null, constraint "delivery_assignment_pkey" primary key ("id"));`);
    this.addSql(`create index "delivery_assignment_partner_idx" on "delivery_assignment" ("partner_id");`);
    this.addSql(`alter table "delivery_assignment" add constraint "delivery_assignment_order_partner_unique" unique ("order_id", "partner_id");`);

    this.addSql(`create table "partner_token" ("id" uuid not null, "partner_id" uuid not null, "token_hash" text not null, "display_prefix" text not null, "scopes" text[] not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "created_by" text not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, constraint "partner_token_pkey" primary key ("id"));`);
    this.addSql(`create index "partner_token_partner_idx" on "partner_token" ("partner_id");`);
    this.addSql(`alter table "partner_token" add constraint "partner_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "staff_user" ("id" uuid not null, "email" text not null, "display_name" text not null, "password_hash" text not null, "roles" text[] not null, "active" boolean not null default true, "created_at" timestamptz not null, "last_login_at" timestamptz null, constraint "staff_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "staff_user" add constraint "staff_user_email_unique" unique ("email");`);

    this.addSql(`create table "session" ("id" uuid not null, "token_hash" text not null, "subject" "session_subject" not null, "customer_id" uuid null, "staff_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "session_pkey" primary key ("id"), constraint session_one_subject check ((customer_id is null) <> (staff_id is null)));`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_expires_idx" on "session" ("expires_at");`);
    this.addSql(`create index "session_staff_idx" on "session" ("staff_id");`);
    this.addSql(`create index "session_customer_idx" on "session" ("customer_id");`);

    this.addSql(`alter table "customer_credential" add constraint "customer_credential_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "delivery_assignment" add constraint "delivery_assignment_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "delivery_assignment" add constraint "delivery_assignment_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "partner_token" add constraint "partner_token_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "session" add constraint "session_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "session" add constraint "session_staff_id_foreign" foreign key ("staff_id") references "staff_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "delivery_assignment" drop constraint "delivery_assignment_partner_id_foreign";`);

    this.addSql(`alter table "partner_token" drop constraint "partner_token_partner_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_staff_id_foreign";`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "customer_credential" cascade;`);

    this.addSql(`drop table if exists "login_failure" cascade;`);

    this.addSql(`drop table if exists "partner" cascade;`);

    this.addSql(`drop table if exists "delivery_assignment" cascade;`);

    this.addSql(`drop table if exists "partner_token" cascade;`);

    this.addSql(`drop table if exists "staff_user" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop type "audit_action";`);
    this.addSql(`drop type "partner_kind";`);
    this.addSql(`drop type "session_subject";`);
  }

}
