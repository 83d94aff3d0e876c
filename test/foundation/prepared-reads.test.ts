import { positional, selectPrepared } from '../../src/core/db/prepared';
import { sqlRunner } from '../../src/core/db/sql';
import { createTestDatabase, type TestDatabase } from '../support/database';

/*
 * Issue 9: reads outside a transaction run as named prepared statements
 * (src/core/db/prepared.ts). They must return exactly what MikroORM's own
 * path returns, bind values rather than splice them into the text, keep
 * running inside a transaction on that transaction's connection, and leave
 * every shape it cannot prepare to MikroORM.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(() => db.close());

describe('positional(): which statements are prepared', () => {
  it('turns ? into $n outside quotes and identifiers', () => {
    expect(positional(`select ? as "a?", '?' as b, c from t where d = ?::uuid`, ['x', 'y'])).toBe(`select $1 as "a?", '?' as b, c from t where d = $2::uuid`);
  });

  it("leaves knex's other forms, lists and mismatched counts to MikroORM", () => {
    expect(positional('select ?? from t', ['col'])).toBeNull();
    expect(positional('select * from t where id in (?)', [['a', 'b']])).toBeNull();
    expect(positional('select * from t where a = ? and b = ?', ['only one'])).toBeNull();
    expect(positional('select * from t where a = ?', [{ json: true }])).toBeNull();
  });
});

describe('selectPrepared()', () => {
  it('answers the same rows as MikroORM’s path, with values bound (a quote or a ? in a value changes nothing)', async () => {
    const sql = `select ?::text as name, ?::int as n, ?::timestamptz as at, ?::boolean as yes, ?::text as nothing`;
    const params = ["Äijälä-O'Brien ? $1", 42, new Date('2026-12-02T01:00:00Z'), true, null];
    const viaMikro = await db.orm.em.getConnection().execute(sql, params);
    const prepared = await selectPrepared(db.orm.em.fork(), sql, params);
    expect(prepared).toEqual(viaMikro);
    // Twice more: the second and third run reuse the prepared statement on whichever connection they get.
    expect(await selectPrepared(db.orm.em.fork(), sql, params)).toEqual(viaMikro);
    expect(await selectPrepared(db.orm.em.fork(), sql, params)).toEqual(viaMikro);
  });

  it('inside a transaction a read runs on the transaction’s connection and sees its uncommitted rows', async () => {
    await db.query('create table prepared_probe (id int primary key)');
    await db.orm.em.fork().transactional(async (em) => {
      await em.getConnection().execute('insert into prepared_probe values (7)', [], 'all', em.getTransactionContext());
      const rows = await sqlRunner(em).all<{ id: number }>('select id from prepared_probe where id = ?', [7]);
      expect(rows).toEqual([{ id: 7 }]);
    });
    // Outside it, the same read is prepared and sees the committed row.
    expect(await sqlRunner(db.orm.em.fork()).all<{ id: number }>('select id from prepared_probe where id = ?', [7])).toEqual([{ id: 7 }]);
  });

  it('a failing statement fails as on MikroORM’s path (same error class, SQLSTATE kept)', async () => {
    const viaMikro = await db.orm.em
      .getConnection()
      .execute('select * from no_such_table where id = ?', [1])
      .catch((e: unknown) => e);
    const prepared = await selectPrepared(db.orm.em.fork(), 'select * from no_such_table where id = ?', [1]).catch((e: unknown) => e);
    expect((prepared as Error).constructor.name).toBe((viaMikro as Error).constructor.name);
    expect((prepared as { code?: string }).code).toBe('42P01');
  });
});
