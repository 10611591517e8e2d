// A page of a source's rows, newest first, and one row by id — for every source: a store's own list/read when it
// has them (an indexed query), else one pass over its entries (a MongoDB export file), keeping only the page.
import { StoreError } from './postgres';
import type { ListOptions, SnapshotSource, SourceEntry } from './types';

export interface RowRef {
  id: string;
  updatedAt?: string;
}

export interface Page {
  rows: RowRef[];
  /** Entries that could not be read on the way (a bad line of an export): "where: message". */
  problems: string[];
}

/** Newest first: updatedAt descending (absent = oldest), then id descending. Negative when a comes first. */
function newestFirst(a: RowRef, b: RowRef): number {
  const ua = a.updatedAt ?? '';
  const ub = b.updatedAt ?? '';
  if (ua !== ub) return ua < ub ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/**
 * Rows newest first, `limit` at most, after the cursor `before`; `idPrefix` applies after the store's own
 * prefix (`storePrefix`). Throws StoreError when the source cannot be read at all.
 */
export async function listPage(source: SnapshotSource, options: ListOptions, storePrefix = ''): Promise<Page> {
  if (source.list) return { rows: await source.list(options), problems: [] };
  const wanted = storePrefix + (options.idPrefix ?? '');
  const rows: RowRef[] = [];
  const problems: string[] = [];
  for await (const item of source.entries()) {
    if (item.type === 'problem') {
      if (item.fatal) throw new StoreError(`${item.where}: ${item.message}`);
      problems.push(`${item.where}${item.id ? ` (${item.id})` : ''}: ${item.message}`);
      continue;
    }
    if (!item.id.startsWith(wanted)) continue;
    const row: RowRef = { id: item.id, ...(item.updatedAt !== undefined ? { updatedAt: item.updatedAt } : {}) };
    if (options.before && newestFirst(row, options.before) <= 0) continue;
    // Keep the page sorted and bounded: a million-document export never sits in memory.
    let at = rows.length;
    while (at > 0 && newestFirst(row, rows[at - 1]!) < 0) at--;
    if (at >= options.limit) continue;
    rows.splice(at, 0, row);
    if (rows.length > options.limit) rows.pop();
  }
  return { rows, problems };
}

/** One row by its stored id (prefix included); undefined when absent. Throws StoreError when the source cannot be read. */
export async function readRow(source: SnapshotSource, id: string): Promise<SourceEntry | undefined> {
  if (source.read) return source.read(id);
  for await (const item of source.entries()) {
    if (item.type === 'problem') {
      if (item.fatal) throw new StoreError(`${item.where}: ${item.message}`);
      continue;
    }
    if (item.id === id) return item;
  }
  return undefined;
}
