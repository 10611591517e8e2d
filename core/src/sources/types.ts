// What every snapshot source yields: files on disk, rows of a store's table, documents of a MongoDB export.
// A source is listed and read as a stream, so a million rows never sit in memory at once.

/** Where an entry came from, as reports name it (credentials never included). */
export type EntryOrigin =
  | { kind: 'file'; path: string; display: string; explicit: boolean }
  | { kind: 'row'; store: string; table: string; id: string };

export interface SourceEntry {
  type: 'entry';
  /** File: the reported path. Row: the stored id, prefix included (what the adapter wrote). */
  id: string;
  /** When it was last saved (ISO when the store keeps a timestamp; libSQL's stored text as is). */
  updatedAt?: string;
  /** The raw JSON text (files, SQL stores), ... */
  text?: string;
  /** ... or the decoded value (MongoDB exports, whose documents are not JSON text). */
  value?: unknown;
  origin: EntryOrigin;
}

/** Something that could not be read: a whole store (no connection, no table) or one row (no id, bad line). */
export interface SourceProblem {
  type: 'problem';
  /** The store's redacted name or the file path. */
  where: string;
  /** The row id, line or document number, when the problem is one row's. */
  id?: string;
  message: string;
  /** True when nothing more can be read from the source. */
  fatal: boolean;
}

export type SourceItem = SourceEntry | SourceProblem;

export interface ListOptions {
  /** Rows whose id (after the store prefix) starts with this. */
  idPrefix?: string;
  limit: number;
  /** Rows saved before this entry (the last of the previous page): newest first. */
  before?: { updatedAt?: string; id: string };
}

export interface SnapshotSource {
  /** Shown in reports: the redacted URL with table or collection, or the operands. */
  readonly name: string;
  /** Every entry, in bounded batches; problems are yielded in line, and reading continues where it can. */
  entries(): AsyncIterable<SourceItem>;
  /** How many entries there are, when cheap to know (progress); undefined otherwise. */
  count?(): Promise<number | undefined>;
  /** A page of rows, newest first, without their text (the editor's explorer). */
  list?(options: ListOptions): Promise<Array<{ id: string; updatedAt?: string }>>;
  /** One row by its stored id; undefined when absent. */
  read?(id: string): Promise<SourceEntry | undefined>;
  close(): Promise<void>;
}

/** Options of a store named by URL (--table / --collection, --prefix). */
export interface StoreOptions {
  table?: string;
  prefix?: string;
  /** Rows per batch read from the database (default 1000). */
  batchSize?: number;
  /** Parallel readers: this reader takes the rows whose id hashes to `index` of `count`. */
  shard?: { index: number; count: number };
}

/** The JSON text of an entry (a decoded MongoDB document is re-encoded, the way its adapter would save it). */
export function entryText(entry: SourceEntry): string {
  if (entry.text !== undefined) return entry.text;
  return JSON.stringify(entry.value, null, 2) ?? 'null';
}
