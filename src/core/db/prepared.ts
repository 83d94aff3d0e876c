import type { EntityManager } from '@mikro-orm/postgresql';

/*
 * Reads as named prepared statements (issue 9).
 *
 * MikroORM's execute() inlines the parameters into the SQL text (Platform.formatQuery),
 * so PostgreSQL parses and plans every read anew: logged with log_min_duration_statement
 * on the bench:peer database, the session lookup took 0.5 ms and the storefront's `me`
 * statement 0.7 ms for well under 0.1 ms of execution, and the admin list's statement
 * planned for 5.7 ms (EXPLAIN ANALYZE). On a 2-core machine that database time competes
 * with the API for the same cores. A read sent here is prepared once per connection under
 * a stable name and afterwards only bound and executed; PostgreSQL switches to its
 * generic plan after five executions when that plan is no worse.
 *
 * It runs on a connection of the same pool MikroORM uses (same login, same type
 * parsing, so the rows are the same), and announces the statement on knex's 'query'
 * event as MikroORM's path does (the statement-count tests listen there). Errors come
 * out as on that path (connection.execute hands pg's and knex's errors through
 * unconverted), so an unreachable database is still recognised (availability.ts) and
 * answered 503, and a refused statement keeps its SQLSTATE.
 *
 * Only plain shapes are prepared: `?` placeholders outside quotes, each bound to a
 * string, number, boolean, null or Date (knex expands arrays into lists; those keep
 * MikroORM's path). The number of names is bounded: a stream of new shapes cannot grow
 * every connection's prepared statements without limit.
 */

const MAX_PREPARED = 500;
const names = new Map<string, { name: string; text: string }>();

type Knexish = {
  client: { acquireConnection(): Promise<PgConnection>; releaseConnection(connection: PgConnection): Promise<unknown> };
  emit(event: string, payload: unknown): boolean;
};
type PgConnection = { query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };

/** The SQL with `?` as `$1…$n`, or null when it has other `?` forms (knex's `??`, `\\?`) or a param that is not plain. */
export function positional(sql: string, params: readonly unknown[]): string | null {
  if (sql.includes('??') || sql.includes('\\?')) return null;
  for (const param of params) {
    if (!(param === null || typeof param === 'string' || typeof param === 'number' || typeof param === 'boolean' || param instanceof Date)) return null;
  }
  let out = '';
  let n = 0;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  return n === params.length ? out : null;
}

function statementFor(sql: string, params: readonly unknown[]): { name?: string; text: string } | null {
  const known = names.get(sql);
  if (known) return known;
  const text = positional(sql, params);
  if (text === null) return null;
  if (names.size >= MAX_PREPARED) return { text };
  const entry = { name: `rk_${names.size + 1}`, text };
  names.set(sql, entry);
  return entry;
}

/** A select outside any transaction, prepared when its shape allows (else MikroORM's own path). */
export async function selectPrepared<T>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  const connection = em.getConnection();
  // REKISTERI_SQL_DEBUG logs every statement with its time through MikroORM's logger: keep its path then.
  const statement = em.config.get('debug') ? null : statementFor(sql, params);
  if (!statement) return connection.execute<T[]>(sql, params as unknown[], 'all');
  const knex = connection.getKnex() as unknown as Knexish;
  const client = await knex.client.acquireConnection();
  try {
    knex.emit('query', { sql, bindings: params, method: 'raw' });
    const result = await client.query({ ...statement, values: [...params] });
    return result.rows as T[];
  } finally {
    await knex.client.releaseConnection(client);
  }
}
