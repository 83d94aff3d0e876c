import { Migration } from '@mikro-orm/migrations';

/**
 * Guests are data subjects (issue 8 §4): a request can be about an e-mail
 * address with no account (guest orders), so customer_id may be null and the
 * address the request is about is kept in subject_email.
 */
export class Migration20261201230000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "privacy_request" alter column "customer_id" drop not null;`);
    this.addSql(`alter table "privacy_request" add column "subject_email" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "privacy_request" drop column "subject_email";`);
    this.addSql(`alter table "privacy_request" alter column "customer_id" set not null;`);
  }

}
