import { jsonTuple } from '../../src/core/db/sql';
import { createTestDatabase, type TestDatabase } from '../support/database';

/*
 * Issue 9: nested rows travel as positional JSON (core/db/sql.ts jsonTuple). The SQL and
 * the reading back come from one column list; this holds them together on a real
 * PostgreSQL, with the values personal data really has (Unicode, quotes, nulls, dates).
 */
interface Line {
  id: string;
  orderId: string;
  productName: string | null;
  quantity: number;
  note: string | null;
  at: string;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(() => db.close());

it('reads back what PostgreSQL built, key by key, with the parent keys first', async () => {
  const tuple = jsonTuple<Line>(
    [
      ['id', 'x.id'],
      ['productName', 'x.name'],
      ['quantity', 'x.quantity'],
      ['note', 'x.note'],
      ['at', 'x.at'],
    ],
    ['orderId'],
  );
  expect(tuple.sql).toBe('json_build_array(x.id, x.name, x.quantity, x.note, x.at)');
  const [row] = await db.query<{ json: unknown[][] }>(
    `select json_agg(${tuple.sql} order by x.quantity) as json from (values
       ('a1', 'Sävel "Äijälä" ø – 😀', 2, null::text, '2026-01-01T00:00:00Z'::timestamptz),
       ('a2', null, 1, 'O''Brien, 040 123 4567', '2026-06-30T21:00:00Z'::timestamptz)) as x(id, name, quantity, note, at)`,
  );
  const lines = row.json.map((item) => tuple.read(item, { orderId: 'order-1' }));
  expect(lines).toEqual([
    { orderId: 'order-1', id: 'a2', productName: null, quantity: 1, note: "O'Brien, 040 123 4567", at: '2026-06-30T21:00:00+00:00' },
    { orderId: 'order-1', id: 'a1', productName: 'Sävel "Äijälä" ø – 😀', quantity: 2, note: null, at: '2026-01-01T00:00:00+00:00' },
  ]);
  // Every row has the same keys in the same order (one object shape for the engine).
  expect(lines.map((line) => Object.keys(line))).toEqual([
    ['orderId', 'id', 'productName', 'quantity', 'note', 'at'],
    ['orderId', 'id', 'productName', 'quantity', 'note', 'at'],
  ]);
});

it('refuses a key that is not a plain name', () => {
  expect(() => jsonTuple<Record<string, unknown>>([['id); process.exit(1); (', 'x.id']])).toThrow(/not a plain key/);
  expect(() => jsonTuple<Record<string, unknown>>([['id', 'x.id']], ['a-b'])).toThrow(/not a plain key/);
});
