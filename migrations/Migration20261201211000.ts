import { Migration } from '@mikro-orm/migrations';

/** §8.5 identity checks by link, and re-authentication of storefront sessions (issue 11). */
export class Migration20261201211000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "identity_check" ("id" uuid not null, "request_id" uuid not null, "token_hash" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "identity_check_pkey" primary key ("id"));`);
    this.addSql(`alter table "identity_check" add constraint "identity_check_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "identity_check_request_idx" on "identity_check" ("request_id");`);

    this.addSql(`alter table "session" add column "reauthenticated_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "identity_check" cascade;`);

    this.addSql(`alter table "session" drop column "reauthenticated_at";`);
  }

}
