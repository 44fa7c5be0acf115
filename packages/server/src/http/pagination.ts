// Cursor pagination over time-ordered ids: a cursor is the opaque, base64url-encoded last id of a page.
import { ID_PATTERN } from '@csoc/common';
import { InputError } from '../errors.ts';

const idPattern = new RegExp(ID_PATTERN);

export interface PageRequest {
  limit: number;
  /** The id after which (or before which, for newest-first lists) the page starts. */
  afterId?: string;
}

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** Reads limit and cursor from a query; a bad cursor is an InputError naming query.cursor. */
export function readPageRequest(query: { limit?: number; cursor?: string }): PageRequest {
  const limit = query.limit ?? 50;
  if (!query.cursor) return { limit };
  const decoded = Buffer.from(query.cursor, 'base64url').toString('utf8');
  if (!idPattern.test(decoded)) {
    throw new InputError(
      'The cursor is not one this server issued; pass the nextCursor of the previous page.',
      [{ field: 'query.cursor', message: 'is not a valid cursor' }],
    );
  }
  return { limit, afterId: decoded };
}

/** Given up to limit+1 rows fetched in page order, returns the page and the cursor of the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  page: PageRequest,
  idOf: (row: Row) => string,
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > page.limit;
  const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(toItem), nextCursor: hasMore && last ? encodeCursor(idOf(last)) : null };
}
