import { Migration } from '@mikro-orm/migrations';

/** Why a consent choice is as stored, e.g. refused under Sec-GPC: 1 (issue 11). */
export class Migration20261201213000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "consent_event" add column "reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "consent_event" drop column "reason";`);
  }

}
