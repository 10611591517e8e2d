// libSQL / SQLite files as awaitly-libsql lays them out: <table>(id TEXT PRIMARY KEY, snapshot TEXT, updated_at TEXT
// as datetime('now') wrote it). Read through @libsql/client, which has no read-only open: the connection is put
// in SQLite's query_only mode first, a missing file is refused before the driver would create it, and only
// SELECTs are sent. Rows are read in id order, a bounded batch at a time (keyset pages).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@libsql/client';
import { DEFAULT_TABLE, likePrefix, StoreError, TABLE_NAME } from './postgres';
import { redactMessage, redactUrl } from './redact';
import type { ListOptions, SnapshotSource, SourceEntry, SourceItem, StoreOptions } from './types';

/** `libsql:./x.db`, `file:x.db`, `libsql://host` (remote) → the URL @libsql/client opens, local paths made absolute. */
export function libsqlUrl(url: string, cwd: string): { url: string; file?: string } {
  if (/^libsql:\/\//i.test(url) || /^(https?|wss?):/i.test(url)) return { url };
  const rest = url.replace(/^(libsql|file):/i, '').replace(/^\/\/(localhost)?(?=\/)/, '');
  const file = path.resolve(cwd, decodeURIComponent(rest.split('?')[0]!));
  return { url: `file:${file}`, file };
}

export function libsqlSource(url: string, cwd: string, options: StoreOptions = {}): SnapshotSource {
  const table = options.table ?? DEFAULT_TABLE;
  if (!TABLE_NAME.test(table)) throw new StoreError(`invalid table name '${table}': awaitly-libsql's tables are plain SQL names (letters, digits, _)`);
  const prefix = options.prefix ?? '';
  const batch = options.batchSize ?? 1000;
  const target = libsqlUrl(url, cwd);
  const shown = target.file ? target.file : redactUrl(url);
  const name = `${target.file ? `libSQL file ${target.file}` : shown} (table ${table}${prefix ? `, prefix '${prefix}'` : ''})`;
  const describe = (error: unknown) => describeLibsqlError(error, url, table);

  let client: Client | undefined;
  const connect = async (): Promise<Client> => {
    if (client) return client;
    if (target.file && !fs.existsSync(target.file)) throw new StoreError(`no such file: ${target.file}`);
    // Loaded on first use: validate and check never need the native module.
    const { createClient } = require('@libsql/client') as typeof import('@libsql/client');
    const token = new URL(url.replace(/^libsql:(?!\/\/)/, 'libsql://local/')).searchParams.get('authToken') ?? undefined;
    const c = createClient({ url: target.url, ...(token ? { authToken: token } : {}), concurrency: 1 });
    if (target.file) await c.execute('PRAGMA query_only = 1');
    client = c;
    return c;
  };
  const shardOk = (id: string) => !options.shard || options.shard.count <= 1 || shardOf(id, options.shard.count) === options.shard.index;
  const toEntry = (row: Record<string, unknown>): SourceEntry => {
    const id = String(row.id);
    return {
      type: 'entry',
      id,
      ...(typeof row.updated_at === 'string' ? { updatedAt: row.updated_at } : {}),
      text: typeof row.snapshot === 'string' ? row.snapshot : JSON.stringify(row.snapshot),
      origin: { kind: 'row', store: shown, table, id },
    };
  };

  return {
    name,
    async *entries(): AsyncIterable<SourceItem> {
      let c: Client;
      try {
        c = await connect();
      } catch (error) {
        yield { type: 'problem', where: name, message: describe(error), fatal: true };
        return;
      }
      let after: string | undefined;
      for (;;) {
        let rows: Array<Record<string, unknown>>;
        try {
          const args: Array<string | number> = [likePrefix(prefix)];
          const sql = `SELECT id, snapshot, updated_at FROM ${table} WHERE id LIKE ? ESCAPE '\\'${after !== undefined ? ' AND id > ?' : ''} ORDER BY id LIMIT ?`;
          if (after !== undefined) args.push(after);
          args.push(batch);
          rows = (await c.execute({ sql, args })).rows as unknown as Array<Record<string, unknown>>;
        } catch (error) {
          yield { type: 'problem', where: name, message: describe(error), fatal: true };
          return;
        }
        if (rows.length === 0) return;
        for (const row of rows) if (shardOk(String(row.id))) yield toEntry(row);
        after = String(rows[rows.length - 1]!.id);
      }
    },
    async count() {
      try {
        const c = await connect();
        const r = await c.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE id LIKE ? ESCAPE '\\'`, args: [likePrefix(prefix)] });
        return Number(r.rows[0]?.n ?? 0);
      } catch {
        return undefined;
      }
    },
    async list(o: ListOptions) {
      try {
        const c = await connect();
        const args: Array<string | number | null> = [likePrefix(prefix + (o.idPrefix ?? ''))];
        let sql = `SELECT id, updated_at FROM ${table} WHERE id LIKE ? ESCAPE '\\'`;
        if (o.before) {
          sql += ' AND (updated_at < ? OR (updated_at = ? AND id < ?))';
          args.push(o.before.updatedAt ?? '', o.before.updatedAt ?? '', o.before.id);
        }
        sql += ' ORDER BY updated_at DESC, id DESC LIMIT ?';
        args.push(o.limit);
        const r = await c.execute({ sql, args });
        return r.rows.map((row) => ({ id: String(row.id), ...(typeof row.updated_at === 'string' ? { updatedAt: row.updated_at } : {}) }));
      } catch (error) {
        throw new StoreError(describe(error));
      }
    },
    async read(id: string) {
      try {
        const c = await connect();
        const r = await c.execute({ sql: `SELECT id, snapshot, updated_at FROM ${table} WHERE id = ?`, args: [id] });
        return r.rows[0] ? toEntry(r.rows[0] as unknown as Record<string, unknown>) : undefined;
      } catch (error) {
        throw new StoreError(describe(error));
      }
    },
    async close() {
      client?.close();
      client = undefined;
    },
  };
}

/** Which of `count` readers takes an id (FNV-1a 32-bit): stable across runs and machines. */
export function shardOf(id: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

function describeLibsqlError(error: unknown, url: string, table: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/no such table/i.test(message)) return `no table '${table}' (use --table to name the table awaitly-libsql writes to)`;
  if (/file is not a database|SQLITE_NOTADB/i.test(message)) return 'not a SQLite/libSQL database file';
  return redactMessage(message.replace(/^SQLITE_\w+: /, ''), url);
}
