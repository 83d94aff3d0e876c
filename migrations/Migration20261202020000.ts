import { Migration } from '@mikro-orm/migrations';

/**
 * customer_notice_kind loses EMAIL_ALREADY_REGISTERED (issue 10, no
 * enumeration): the owner of an address that someone signs up with is told by
 * e-mail through the outbox (signUpCustomer), and nothing writes this kind of
 * in-app notice any more. PostgreSQL cannot drop a value from an enum, so the
 * type is recreated without it. Rows of that kind that older code wrote are
 * removed first: each said only "someone tried to sign up with your address",
 * which the e-mail has replaced, and the type change could not hold them. They
 * are compared as text: on a fresh database the value was added in this same
 * migration transaction and may not be used as an enum literal yet.
 */
export class Migration20261202020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`delete from "customer_notice" where "kind"::text = 'EMAIL_ALREADY_REGISTERED';`);
    this.addSql(`alter type "customer_notice_kind" rename to "customer_notice_kind_before_20261202";`);
    this.addSql(`create type "customer_notice_kind" as enum ('REQUEST_EXTENDED', 'REQUEST_REFUSED', 'REQUEST_COMPLETED', 'RESTRICTION_LIFTING');`);
    this.addSql(`alter table "customer_notice" alter column "kind" type "customer_notice_kind" using "kind"::text::"customer_notice_kind";`);
    this.addSql(`drop type "customer_notice_kind_before_20261202";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter type "customer_notice_kind" add value if not exists 'EMAIL_ALREADY_REGISTERED' after 'RESTRICTION_LIFTING';`);
  }

}
