import { Migration } from '@mikro-orm/migrations';

export class Migration20261125211131 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "customer_notice_kind" as enum ('REQUEST_EXTENDED', 'REQUEST_REFUSED', 'REQUEST_COMPLETED', 'RESTRICTION_LIFTING');`);
    this.addSql(`create type "objection_kind" as enum ('OBJECTION', 'DIRECT_MARKETING_BAN');`);
    this.addSql(`create type "partner_notice_kind" as enum ('RECTIFICATION', 'ERASURE', 'RESTRICTION');`);
    this.addSql(`create type "privacy_request_type" as enum ('ACCESS', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'OBJECTION', 'DIRECT_MARKETING_BAN', 'CONSENT_WITHDRAWAL');`);
    this.addSql(`create type "privacy_request_status" as enum ('AWAITING_VERIFICATION', 'OPEN', 'COMPLETED', 'REFUSED');`);
    this.addSql(`create type "request_channel" as enum ('STOREFRONT', 'EMAIL', 'POST');`);
    this.addSql(`create table "customer_notice" ("id" uuid not null, "customer_id" uuid not null, "kind" "customer_notice_kind" not null, "request_id" uuid null, "message" text not null, "created_at" timestamptz not null, constraint "customer_notice_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_notice_customer_idx" on "customer_notice" ("customer_id", "created_at");`);

    this.addSql(`create table "legal_hold" ("id" uuid not null, "customer_id" uuid not null, "reason" text not null, "placed_at" timestamptz not null, "placed_by" text not null, "released_at" timestamptz null, "released_by" text null, "release_reason" text null, constraint "legal_hold_pkey" primary key ("id"));`);
    this.addSql(`create index "legal_hold_customer_active_idx" on "legal_hold" ("customer_id", "released_at");`);

    this.addSql(`create table "objection" ("id" uuid not null, "customer_id" uuid not null, "kind" "objection_kind" not null, "reason" text null, "request_id" uuid null, "placed_at" timestamptz not null, "lifted_at" timestamptz null, constraint "objection_pkey" primary key ("id"));`);
    this.addSql(`create index "objection_customer_active_idx" on "objection" ("customer_id", "lifted_at");`);

    this.addSql(`create table "partner_notice" ("id" uuid not null, "partner_id" uuid not null, "kind" "partner_notice_kind" not null, "customer_id" uuid not null, "order_numbers" text[] not null, "fields" text[] not null, "created_at" timestamptz not null, "acknowledged_at" timestamptz null, constraint "partner_notice_pkey" primary key ("id"));`);
    this.addSql(`create index "partner_notice_partner_idx" on "partner_notice" ("partner_id", "created_at");`);

    this.addSql(`create table "privacy_request" ("id" uuid not null, "customer_id" uuid not null, "type" "privacy_request_type" not null, "status" "privacy_request_status" not null default 'OPEN', "channel" "request_channel" not null, "received_at" timestamptz not null, "due_at" timestamptz not null, "extended_due_at" timestamptz null, "extension_reason" text null, "recorded_by" text not null, "verified_at" timestamptz null, "verified_by" text null, "verification_method" text null, "resolved_at" timestamptz null, "resolved_by" text null, "refusal_reason" text null, "note" text null, "result" jsonb null, constraint "privacy_request_pkey" primary key ("id"));`);
    this.addSql(`create index "privacy_request_customer_idx" on "privacy_request" ("customer_id", "received_at");`);
    this.addSql(`create index "privacy_request_status_due_idx" on "privacy_request" ("status", "due_at");`);

    this.addSql(`create table "rectification" ("id" uuid not null, "customer_id" uuid not null, "field" text not null, "changed_at" timestamptz not null, "actor_kind" "actor_kind" not null, "actor_id" text null, "request_id" uuid null, constraint "rectification_pkey" primary key ("id"));`);
    this.addSql(`create index "rectification_customer_idx" on "rectification" ("customer_id", "changed_at");`);

    this.addSql(`create table "restriction" ("id" uuid not null, "customer_id" uuid not null, "fields" text[] null, "reason" text not null, "request_id" uuid null, "placed_at" timestamptz not null, "placed_by" text not null, "lifted_at" timestamptz null, "lifted_by" text null, "lift_reason" text null, constraint "restriction_pkey" primary key ("id"));`);
    this.addSql(`create index "restriction_customer_active_idx" on "restriction" ("customer_id", "lifted_at");`);

    this.addSql(`alter table "partner_notice" add constraint "partner_notice_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "customer_order" add column "held_since" timestamptz null, add column "retain_until" date null;`);
    this.addSql(`create index "customer_order_retain_until_idx" on "customer_order" ("retain_until");`);

    this.addSql(`alter table "consent_event" drop constraint consent_event_subject_present;`);

    this.addSql(`alter table "consent_event" add column "subject_hash" text null;`);
    this.addSql(`create index "consent_event_subject_hash_idx" on "consent_event" ("subject_hash");`);
    this.addSql(`alter table "consent_event" add constraint consent_event_subject_present check(customer_id is not null or visitor_id is not null or subject_hash is not null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_notice" cascade;`);

    this.addSql(`drop table if exists "legal_hold" cascade;`);

    this.addSql(`drop table if exists "objection" cascade;`);

    this.addSql(`drop table if exists "partner_notice" cascade;`);

    this.addSql(`drop table if exists "privacy_request" cascade;`);

    this.addSql(`drop table if exists "rectification" cascade;`);

    this.addSql(`drop table if exists "restriction" cascade;`);

    this.addSql(`drop index "consent_event_subject_hash_idx";`);
    this.addSql(`alter table "consent_event" drop constraint consent_event_subject_present;`);
    this.addSql(`alter table "consent_event" drop column "subject_hash";`);

    this.addSql(`alter table "consent_event" add constraint consent_event_subject_present check((customer_id IS NOT NULL) OR (visitor_id IS NOT NULL));`);

    this.addSql(`drop index "customer_order_retain_until_idx";`);
    this.addSql(`alter table "customer_order" drop column "held_since", drop column "retain_until";`);

    this.addSql(`drop type "customer_notice_kind";`);
    this.addSql(`drop type "objection_kind";`);
    this.addSql(`drop type "partner_notice_kind";`);
    this.addSql(`drop type "privacy_request_type";`);
    this.addSql(`drop type "privacy_request_status";`);
    this.addSql(`drop type "request_channel";`);
  }

}
