import { Migration } from '@mikro-orm/migrations';

export class Migration20261125204740 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "customer_status" as enum ('ACTIVE', 'CLOSED', 'ERASED');`);
    this.addSql(`create type "data_source" as enum ('WEBSHOP_ORDER', 'REGISTRATION', 'NEWSLETTER', 'EMAIL', 'PHONE', 'SOCIAL_MEDIA', 'CUSTOMER_MEETING', 'MANUAL_ENTRY');`);
    this.addSql(`create type "address_kind" as enum ('HOME', 'DELIVERY', 'BILLING');`);
    this.addSql(`create type "order_status" as enum ('PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED');`);
    this.addSql(`create type "loyalty_tier" as enum ('BRONZE', 'SILVER', 'GOLD');`);
    this.addSql(`create type "order_change_kind" as enum ('PLACED', 'STATUS_CHANGED', 'LINE_ADDED', 'LINE_REMOVED', 'LINE_QUANTITY_CHANGED');`);
    this.addSql(`create type "actor_kind" as enum ('CUSTOMER', 'STAFF', 'PARTNER', 'SYSTEM');`);
    this.addSql(`create type "consent_purpose" as enum ('EMAIL_MARKETING', 'SMS_MARKETING', 'PHONE_MARKETING', 'POST_MARKETING', 'STATISTICS_COOKIES', 'MARKETING_COOKIES');`);
    this.addSql(`create table "customer" ("id" uuid not null, "first_name" text not null, "last_name" text not null, "email" text null, "phone" text null, "status" "customer_status" not null default 'ACTIVE', "source" "data_source" not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "last_activity_at" timestamptz not null, constraint "customer_pkey" primary key ("id"));`);
    this.addSql(`alter table "customer" add constraint "customer_email_unique" unique ("email");`);
    this.addSql(`create index "customer_status_index" on "customer" ("status");`);
    this.addSql(`create index "customer_last_activity_at_index" on "customer" ("last_activity_at");`);
    this.addSql(`create index "customer_last_name_idx" on "customer" (lower("last_name") text_pattern_ops);`);
    this.addSql(`create index "customer_created_at_id_idx" on "customer" ("created_at", "id");`);

    this.addSql(`create table "address" ("id" uuid not null, "customer_id" uuid not null, "kind" "address_kind" not null, "line1" text not null, "line2" text null, "postal_code" text not null, "city" text not null, "country_code" char(2) not null, "source" "data_source" not null, "created_at" timestamptz not null, constraint "address_pkey" primary key ("id"));`);
    this.addSql(`create index "address_customer_id_idx" on "address" ("customer_id");`);

    this.addSql(`create table "customer_order" ("id" uuid not null, "order_number" text not null, "customer_id" uuid null, "placed_at" timestamptz not null, "status" "order_status" not null default 'PLACED', "currency" char(3) not null default 'EUR', "subtotal_cents" int not null, "shipping_cents" int not null default 0, "total_cents" int not null, "billing_name" text not null, "billing_email" text null, "billing_phone" text null, "billing_line1" text not null, "billing_line2" text null, "billing_postal_code" text not null, "billing_city" text not null, "billing_country_code" char(2) not null, "delivery_name" text not null, "delivery_email" text null, "delivery_phone" text null, "delivery_line1" text not null, "delivery_line2" text null, "delivery_postal_code" text not null, "delivery_city" text not null, "delivery_country_code" char(2) not null, "source" "data_source" not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "customer_order_pkey" primary key ("id"));`);
    this.addSql(`alter table "customer_order" add constraint "customer_order_order_number_unique" unique ("order_number");`);
    this.addSql(`create index "customer_order_customer_placed_idx" on "customer_order" ("customer_id", "placed_at");`);

    this.addSql(`create table "loyalty_membership" ("id" uuid not null, "customer_id" uuid not null, "member_number" text not null, "joined_at" timestamptz not null, "valid_until" timestamptz null, "ended_at" timestamptz null, "points" int not null default 0, "tier" "loyalty_tier" not null default 'BRONZE', "source" "data_source" not null, "created_at" timestamptz not null, constraint "loyalty_membership_pkey" primary key ("id"));`);
    this.addSql(`alter table "loyalty_membership" add constraint "loyalty_membership_customer_unique" unique ("customer_id");`);
    this.addSql(`alter table "loyalty_membership" add constraint "loyalty_membership_member_number_unique" unique ("member_number");`);

    this.addSql(`create table "order_change" ("id" uuid not null, "order_id" uuid not null, "kind" "order_change_kind" not null, "detail" jsonb not null, "actor_kind" "actor_kind" not null, "actor_id" text null, "changed_at" timestamptz not null, constraint "order_change_pkey" primary key ("id"));`);
    this.addSql(`create index "order_change_order_changed_idx" on "order_change" ("order_id", "changed_at");`);

    this.addSql(`create table "order_line" ("id" uuid not null, "order_id" uuid not null, "line_no" int not null, "product_code" text not null, "product_name" text not null, "quantity" int not null, "unit_price_cents" int not null, constraint "order_line_pkey" primary key ("id"), constraint order_line_unit_price_non_negative check (unit_price_cents >= 0), constraint order_line_quantity_positive check (quantity > 0));`);
    this.addSql(`alter table "order_line" add constraint "order_line_order_line_no_unique" unique ("order_id", "line_no");`);

    this.addSql(`create table "privacy_notice" ("version" text not null, "published_on" date not null, "content_fi" jsonb not null, "content_en" jsonb not null, constraint "privacy_notice_pkey" primary key ("version"));`);

    this.addSql(`create table "consent_event" ("id" uuid not null, "customer_id" uuid null, "visitor_id" text null, "purpose" "consent_purpose" not null, "granted" boolean not null, "occurred_at" timestamptz not null, "source" "data_source" not null, "actor_kind" "actor_kind" not null, "actor_id" text null, "notice_version" text not null, constraint "consent_event_pkey" primary key ("id"), constraint consent_event_subject_present check (customer_id is not null or visitor_id is not null));`);
    this.addSql(`create index "consent_event_visitor_idx" on "consent_event" ("visitor_id");`);
    this.addSql(`create index "consent_event_customer_purpose_idx" on "consent_event" ("customer_id", "purpose", "occurred_at");`);

    this.addSql(`alter table "address" add constraint "address_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "customer_order" add constraint "customer_order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "loyalty_membership" add constraint "loyalty_membership_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order_change" add constraint "order_change_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "consent_event" add constraint "consent_event_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "consent_event" add constraint "consent_event_notice_version_foreign" foreign key ("notice_version") references "privacy_notice" ("version") on update restrict on delete restrict;`);
  }

}
