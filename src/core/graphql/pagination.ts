import { Field, ObjectType } from 'type-graphql';
import { isUuid } from '../db/sql';
import { badInput } from './errors';

@ObjectType({ description: 'Where a page of a cursor-paginated list stands (Relay connection PageInfo).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page; ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({ description: 'True when items come before this page (it was asked for with `after`).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page; null for an empty page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page; null for an empty page.' })
  endCursor: string | null;
}

/** A page as a Relay connection: edges with cursors, the nodes, and the full PageInfo. */
export interface ConnectionPage<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * Builds the connection for a forward page. `hasPreviousPage` is true when the page was asked
 * for with `after` (the cursor came from an earlier page, so items precede it), which is what
 * Apollo Client's relayStylePagination needs to merge pages in order.
 */
export function connectionOf<T>(nodes: T[], cursorOf: (node: T) => string, hasNextPage: boolean, after: string | null | undefined): ConnectionPage<T> {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export const MAX_PAGE_SIZE = 200;
/** The page size of a list browsed both ways when the client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;

export function requirePageSize(first: number, field: 'first' | 'last' = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(field, `Must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

/** Keyset cursor over (a timestamp, id): stable under inserts, no OFFSET scans. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

/** `idKind` says what the list's ids are, so a crafted cursor cannot reach SQL with the wrong type. */
export function decodeCursor(field: string, value: string, idKind: 'uuid' | 'serial' = 'uuid'): KeysetCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    const validId = typeof id === 'string' && (idKind === 'uuid' ? isUuid(id) : /^\d{1,19}$/.test(id));
    if (!validId || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw badInput(field, 'Not a cursor returned by this API');
  }
}

/** The Relay paging arguments of a list browsed both ways: `first`/`after` forward, `last`/`before` back. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** What a keyset-paged list contributes: its order, its key columns and two queries. */
export interface KeysetList<T> {
  /** The list's own order on (at, id): oldest first (`asc`) or newest first (`desc`). */
  order: 'asc' | 'desc';
  /** SQL of the two key columns, e.g. `['c.created_at', 'c.id']`, with an index on them. */
  key: readonly [string, string];
  idKind?: 'uuid' | 'serial';
  /** The list's rows that also match `where` (the cursor's condition, or `true`), in `orderBy`, at most `limit`. */
  rows(where: string, params: unknown[], orderBy: string, limit: number): Promise<T[]>;
  /** Whether any row of the list matches `where`: the exact hasPreviousPage/hasNextPage at a cursor. */
  any(where: string, params: unknown[]): Promise<boolean>;
  cursorOf(node: T): KeysetCursor;
}

/**
 * One page of a keyset-paged list, either way, as a Relay connection (issue 12 part 4). Forward
 * (`first`, `after`) reads the list in its order; backward (`last`, `before`) reads it in reverse
 * from `before` and returns the page in the list's order again, so edges always read the same way.
 * PageInfo is exact both ways: the side the page was read towards comes from the one extra row, the
 * side behind the cursor from an `exists` at the cursor (so a cursor whose row was erased meanwhile,
 * or one from a filter that now matches less, still answers truthfully). Mixing the two directions is
 * refused: Relay allows it, but no client here needs it and it has no single honest PageInfo.
 */
export async function keysetConnection<T>(args: PageArgs, list: KeysetList<T>): Promise<ConnectionPage<T>> {
  const backward = args.last !== null && args.last !== undefined;
  if (backward && args.first !== null && args.first !== undefined) throw badInput('last', 'Ask for first (with after) or for last (with before), not both');
  if (backward && args.after) throw badInput('after', 'after goes with first; page backward with last and before');
  if (!backward && args.before) throw badInput('before', 'before goes with last; page forward with first and after');
  const size = backward ? requirePageSize(args.last!, 'last') : requirePageSize(args.first ?? DEFAULT_PAGE_SIZE);
  const cursorArg = backward ? args.before : args.after;
  const cursor = cursorArg ? decodeCursor(backward ? 'before' : 'after', cursorArg, list.idKind ?? 'uuid') : null;

  const [at, id] = list.key;
  const idCast = (list.idKind ?? 'uuid') === 'uuid' ? 'uuid' : 'bigint';
  const cursorParams = cursor ? [cursor.at, cursor.id] : [];
  const compare = (op: string) => `(${at}, ${id}) ${op} (?, ?::${idCast})`;
  // "Towards" is the way the page is read: the list's order forward, its reverse backward.
  const towardsAsc = (list.order === 'asc') !== backward;
  const readSql = cursor ? compare(towardsAsc ? '>' : '<') : 'true';
  const behindSql = compare(towardsAsc ? '<=' : '>=');
  const direction = towardsAsc ? 'asc' : 'desc';

  const [read, behind] = await Promise.all([
    list.rows(readSql, cursorParams, `${at} ${direction}, ${id} ${direction}`, size + 1),
    cursor ? list.any(behindSql, cursorParams) : Promise.resolve(false),
  ]);
  const beyond = read.length > size;
  const page = beyond ? read.slice(0, size) : read;
  if (backward) page.reverse();
  const edges = page.map((node) => ({ cursor: encodeCursor(list.cursorOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: backward ? behind : beyond,
      hasPreviousPage: backward ? beyond : behind,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
