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

export function requirePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `Must be between 1 and ${MAX_PAGE_SIZE}`);
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
