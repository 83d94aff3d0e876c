import { CONTRIBUTIONS, MODULES } from '../../src/app/modules';
import { compareWithSchema, DataMap, LIVE_COLUMNS_SQL } from '../../src/core/personal-data/map';
import { createTestDatabase, type TestDatabase } from '../support/database';

/*
 * The personal-data map classifies every column of every table (issue 8 §1):
 * the live database after the migrations is compared with it, so a column
 * added in a migration without a map entry fails here, before any right can
 * miss it (§8.1 access, §8.7 erasure, §8.11 restriction).
 */

const map = new DataMap(CONTRIBUTIONS.dataMap);

describe('§8.1/§8.7 the personal-data map covers the migrated database column by column', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  async function live() {
    return db.query<{ table: string; column: string; dataType: string }>(LIVE_COLUMNS_SQL);
  }

  it('every table and every column of the live schema is in the map, and the map names nothing that is gone', async () => {
    const columns = await live();
    expect(new Set(columns.map((c) => c.table)).size).toBeGreaterThanOrEqual(26);
    expect(compareWithSchema(map, columns)).toEqual({ unmappedTables: [], unmappedColumns: [], staleColumns: [] });
  });

  it('a column added by SQL without a map entry is reported (the checker itself, on a database we change)', async () => {
    await db.query('alter table customer add column nickname text');
    await db.query('alter table order_change add column staff_remark text');
    await db.query('create table loyalty_note (id uuid primary key, customer_id uuid, note text)');
    const result = compareWithSchema(map, await live());
    expect(result.unmappedColumns).toEqual(['customer.nickname', 'order_change.staff_remark']);
    expect(result.unmappedTables).toEqual(['loyalty_note']);
    await db.query('drop table loyalty_note');
    await db.query('alter table customer drop column nickname');
    await db.query('alter table order_change drop column staff_remark');
    await db.query('alter table customer_order drop column anonymised_at');
    expect(compareWithSchema(map, await live())).toEqual({ unmappedTables: [], unmappedColumns: [], staleColumns: ['customer_order.anonymised_at'] });
  });
});

describe('the map is consistent with itself and with the modules', () => {
  const entries = [...map.entries()];

  it('every table has exactly one owner: the module whose entity maps it also maps it, under its own name', async () => {
    const db = await createTestDatabase();
    try {
      const metadata = db.orm.getMetadata();
      const byEntity = new Map<string, string>();
      for (const module of MODULES) {
        for (const entity of module.entities ?? []) {
          const meta = metadata.find(entity.name);
          if (meta && !meta.embeddable) byEntity.set(meta.tableName, module.name);
        }
      }
      const byMap = new Map<string, string>();
      for (const module of MODULES) {
        for (const table of module.dataMap ?? []) {
          expect({ table: table.table, owner: table.owner }).toEqual({ table: table.table, owner: module.name });
          byMap.set(table.table, module.name);
        }
      }
      expect(Object.fromEntries([...byMap].sort())).toEqual(Object.fromEntries([...byEntity].sort()));
    } finally {
      await db.close();
    }
  });

  it('§8.1 every column of a data subject is exported or excluded with a reason', () => {
    const silent = entries.filter(({ entry }) => entry.export !== 'INCLUDED' && !(entry.export.excluded.trim().length > 10));
    expect(silent.map((e) => `${e.table}.${e.column}`)).toEqual([]);
  });

  it('§8.11 a copy of a profile field is restricted with it, and only known fields are named', () => {
    const known = new Set(['firstName', 'lastName', 'email', 'phone', 'addresses']);
    const wrong = entries.filter(({ entry }) => entry.copyOf && (entry.restriction !== 'RESTRICTED' || entry.copyOf.some((f) => !known.has(f))));
    expect(wrong.map((e) => `${e.table}.${e.column}`)).toEqual([]);
  });

  it('§8.7 free text of a customer is scrubbed or deleted on erasure, never kept as typed', () => {
    const kept = entries.filter(({ entry }) => entry.category === 'FREE_TEXT' && entry.subject === 'CUSTOMER' && !['SCRUB', 'DELETE'].includes(entry.erasure));
    expect(kept.map((e) => `${e.table}.${e.column}`)).toEqual([]);
  });

  it('§8.9 only bookkeeping columns are kept as bookkeeping, on the Accounting Act clock', () => {
    const wrong = entries.filter(
      ({ entry }) => (entry.erasure === 'KEEP_BOOKKEEPING') !== (entry.category === 'BOOKKEEPING' && entry.retention === 'BOOKKEEPING' && entry.subject === 'CUSTOMER'),
    );
    expect(wrong.map((e) => `${e.table}.${e.column}`)).toEqual([]);
  });

  it('columns of nobody say so consistently', () => {
    const wrong = entries.filter(({ entry }) => entry.subject === 'NONE' && entry.export === 'INCLUDED');
    expect(wrong.map((e) => `${e.table}.${e.column}`)).toEqual([]);
  });
});
