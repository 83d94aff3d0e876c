import { Migration } from '@mikro-orm/migrations';

/** Order numbers (J-YYYY-NNNNNN) come from a sequence: unique without a lock or a retry loop. */
export class Migration20261125210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "order_number_seq" start with 1 increment by 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop sequence "order_number_seq";`);
  }
}
