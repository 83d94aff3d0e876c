import { jsonTuple, parseTextArray, textTuple } from '../../src/core/db/sql';
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

/*
 * The nested orders → lines travel as PostgreSQL text arrays (core/db/sql.ts textTuple,
 * parseTextArray): each level's array holds the next level's as quoted, escaped text. What staff
 * and customers really type must come back byte for byte at every depth.
 */
describe('text tuples and parseTextArray', () => {
  const awkward = [
    'Sävel "Äijälä" ø – 😀',
    'back\\slash and "quote"',
    '{not,an,array}',
    'comma, space',
    ' leading and trailing ',
    '',
    'NULL',
    'null',
    'rivi 1\nrivi 2\ttab',
    "O'Brien, 040 123 4567",
  ];

  it('reads back every awkward value, and SQL null as null, two levels deep', async () => {
    const [row] = await db.query<{ text: string }>(
      `select array(select array[v, '{' || v || ',', null, array(select array[v, v || '}'] from unnest(array[1, 2]))::text]::text[]
         from unnest($1::text[]) with ordinality as x(v, n) order by n)::text as text`,
      [awkward],
    );
    const outer = parseTextArray(row.text) as unknown[][];
    expect(outer).toHaveLength(awkward.length);
    outer.forEach((tuple, i) => {
      // A second, derived value that does not depend on the server's locale (upper() does).
      expect(tuple.slice(0, 3)).toEqual([awkward[i], `{${awkward[i]},`, null]);
      expect(parseTextArray(tuple[3] as string)).toEqual([
        [awkward[i], `${awkward[i]}}`],
        [awkward[i], `${awkward[i]}}`],
      ]);
    });
  });

  it('reads an empty array and refuses a malformed literal rather than serving part of it', () => {
    expect(parseTextArray('{}')).toEqual([]);
    for (const bad of ['', '{', '{a', '{"a}', '{a,}', 'a}', '{a}x', '{{a}']) expect(() => parseTextArray(bad)).toThrow(/malformed/);
  });

  it('turns numbers, booleans and times back by kind, whatever the session DateStyle, nulls kept', async () => {
    interface Row {
      parentId: string;
      name: string | null;
      quantity: number | null;
      granted: boolean | null;
      at: string;
    }
    const tuple = textTuple<Row>(
      [
        ['name', 'x.name'],
        ['quantity', 'x.quantity', 'number'],
        ['granted', 'x.granted', 'boolean'],
        ['at', 'x.at', 'time'],
      ],
      ['parentId'],
    );
    for (const dateStyle of ['ISO, MDY', 'SQL, DMY', 'German']) {
      const [row] = await db.query<{ text: string }>(
        `select set_config('DateStyle', '${dateStyle}', false), set_config('TimeZone', 'Europe/Helsinki', false),
           array(select ${tuple.sql} from (values
             ('Äijälä', 2, true, '2026-01-01T00:00:00.123456Z'::timestamptz, 1),
             (null, null, null, '2026-06-30T21:00:00+03'::timestamptz, 2),
             ('-', -3, false, '1999-12-31T23:59:59Z'::timestamptz, 3)) as x(name, quantity, granted, at, n) order by n)::text as text`,
      );
      expect(parseTextArray(row.text).map((item) => tuple.read(item as unknown[], { parentId: 'p' }))).toEqual([
        { parentId: 'p', name: 'Äijälä', quantity: 2, granted: true, at: '2026-01-01T00:00:00.123456Z' },
        { parentId: 'p', name: null, quantity: null, granted: null, at: '2026-06-30T18:00:00.000000Z' },
        { parentId: 'p', name: '-', quantity: -3, granted: false, at: '1999-12-31T23:59:59.000000Z' },
      ]);
    }
    await db.query(`select set_config('DateStyle', 'ISO, MDY', false), set_config('TimeZone', 'UTC', false)`);
  });
});
