import { Migration } from '@mikro-orm/migrations';

/**
 * Art 18(3): the customer is told BEFORE a restriction is lifted. A lift is
 * now two-phase: liftRestriction records the request (lift_requested_at/by)
 * and the e-mail that tells the customer (lift_notice_id); the restriction is
 * lifted (lifted_at) in the transaction that records that e-mail as delivered.
 */
export class Migration20261202020100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "restriction" add column "lift_requested_at" timestamptz null, add column "lift_requested_by" text null, add column "lift_notice_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "restriction" drop column "lift_requested_at", drop column "lift_requested_by", drop column "lift_notice_id";`);
  }

}
