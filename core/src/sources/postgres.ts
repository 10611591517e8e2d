// PostgreSQL as awaitly-postgres lays it out: <table>(id TEXT PRIMARY KEY, snapshot JSONB, updated_at TIMESTAMPTZ),
// ids prefix+id. Read through one connection inside a READ ONLY transaction with a server-side cursor (pg-cursor),
// in bounded batches; nothing is ever written. The snapshot is read as text (JSONB's own rendering, the key order
// awaitly-postgres's load would see).
import { Client } from 'pg';
import Cursor from 'pg-cursor';
import { redactMessage, redactUrl } from './redact';
import type { ListOptions, SnapshotSource, SourceEntry, SourceItem, StoreOptions } from './types';

/** awaitly-postgres's own check on the table name (it is spliced into SQL). */
export const TABLE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const DEFAULT_TABLE = 'awaitly_snapshots';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** `LIKE` pattern for ids starting with a literal prefix. */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export function postgresSource(url: string, options: StoreOptions = {}): SnapshotSource {
  const table = options.table ?? DEFAULT_TABLE;
  if (!TABLE_NAME.test(table)) throw new StoreError(`invalid table name '${table}': awaitly-postgres accepts only letters, digits and _ (not starting with a digit)`);
  const prefix = options.prefix ?? '';
  const batch = options.batchSize ?? 1000;
  const shown = redactUrl(url);
  const name = `${shown} (table ${table}${prefix ? `, prefix '${prefix}'` : ''})`;
  const secrets = process.env.PGPASSWORD ? [process.env.PGPASSWORD] : [];
  const describe = (error: unknown) => describePgError(error, url, table, secrets);

  let client: Client | undefined;
  const connect = async (): Promise<Client> => {
    if (client) return client;
    // Every transaction of this session is READ ONLY from the start (list/read/count too, not only the stream's
    // BEGIN READ ONLY): even a view or function behind the table name cannot write. Synchronised scans off, so a
    // scan starts at the table's start and the example ids a report names are the same from run to run.
    const c = new Client({
      connectionString: url,
      application_name: 'awaitly-lens (read-only)',
      options: '-c default_transaction_read_only=on -c synchronize_seqscans=off',
    });
    // A dropped connection must not throw from an event handler: the next query reports it.
    c.on('error', () => {});
    await c.connect();
    client = c;
    return c;
  };
  const where = (params: unknown[]): string => {
    const clauses = [`id LIKE $${params.push(likePrefix(prefix))}`];
    if (options.shard && options.shard.count > 1) {
      clauses.push(`mod(abs(hashtext(id)::bigint), $${params.push(options.shard.count)}) = $${params.push(options.shard.index)}`);
    }
    return clauses.join(' AND ');
  };
  const toEntry = (row: { id: string; snapshot: string; updated_at: Date | null }): SourceEntry => ({
    type: 'entry',
    id: row.id,
    ...(row.updated_at ? { updatedAt: row.updated_at.toISOString() } : {}),
    text: row.snapshot,
    origin: { kind: 'row', store: shown, table, id: row.id },
  });

  return {
    name,
    async *entries(): AsyncIterable<SourceItem> {
      let c: Client;
      try {
        c = await connect();
        await c.query('BEGIN READ ONLY');
      } catch (error) {
        yield { type: 'problem', where: name, message: describe(error), fatal: true };
        return;
      }
      const params: unknown[] = [];
      const cursor = c.query(new Cursor(`SELECT id, snapshot::text AS snapshot, updated_at FROM ${table} WHERE ${where(params)}`, params));
      type Row = { id: string; snapshot: string; updated_at: Date | null };
      // The next batch is asked for before this one is checked, so the server sends it meanwhile (at 1,000 rows a
      // batch, waiting for each in turn left the check idle for about a tenth of its time). Marked handled here: an
      // error is taken when the batch is awaited, and a run stopped early (--max-rows) never awaits it.
      const ask = (): Promise<Row[]> => {
        const p = cursor.read(batch) as Promise<Row[]>;
        p.catch(() => {});
        return p;
      };
      try {
        let next = ask();
        for (;;) {
          let rows: Row[];
          try {
            rows = await next;
          } catch (error) {
            yield { type: 'problem', where: name, message: describe(error), fatal: true };
            return;
          }
          if (rows.length === 0) return;
          next = ask();
          for (const row of rows) yield toEntry(row);
        }
      } finally {
        await cursor.close().catch(() => {});
        await c.query('ROLLBACK').catch(() => {});
      }
    },
    async count() {
      try {
        const c = await connect();
        const params: unknown[] = [];
        const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where(params)}`, params);
        return Number(r.rows[0]?.n ?? 0);
      } catch {
        return undefined;
      }
    },
    async list(o: ListOptions) {
      const c = await connect().catch((e) => Promise.reject(new StoreError(describe(e))));
      const params: unknown[] = [likePrefix(prefix + (o.idPrefix ?? ''))];
      let sql = `SELECT id, updated_at FROM ${table} WHERE id LIKE $1`;
      if (o.before) {
        sql += ` AND (updated_at, id) < ($${params.push(o.before.updatedAt ?? null)}::timestamptz, $${params.push(o.before.id)})`;
      }
      sql += ` ORDER BY updated_at DESC, id DESC LIMIT $${params.push(o.limit)}`;
      try {
        const r = await c.query<{ id: string; updated_at: Date | null }>(sql, params);
        return r.rows.map((row) => ({ id: row.id, ...(row.updated_at ? { updatedAt: row.updated_at.toISOString() } : {}) }));
      } catch (error) {
        throw new StoreError(describe(error));
      }
    },
    async read(id: string) {
      const c = await connect().catch((e) => Promise.reject(new StoreError(describe(e))));
      try {
        const r = await c.query(`SELECT id, snapshot::text AS snapshot, updated_at FROM ${table} WHERE id = $1`, [id]);
        return r.rows[0] ? toEntry(r.rows[0]) : undefined;
      } catch (error) {
        throw new StoreError(describe(error));
      }
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

/** The driver's error in words, naming what to fix, with credentials removed. */
export function describePgError(error: unknown, url: string, table: string, secrets: readonly string[] = []): string {
  const e = error as { code?: string; message?: string };
  let message: string;
  switch (e?.code) {
    case 'ECONNREFUSED':
      message = 'connection refused (is PostgreSQL running on that host and port?)';
      break;
    case 'ENOTFOUND':
      message = 'unknown host';
      break;
    case '28P01':
      message = 'password authentication failed';
      break;
    case '28000':
      message = `authentication rejected: ${e.message ?? ''}`;
      break;
    case '3D000':
      message = `no such database: ${e.message ?? ''}`;
      break;
    case '42P01':
      message = `no table '${table}' (use --table to name the table awaitly-postgres writes to)`;
      break;
    default:
      message = e instanceof Error ? e.message : String(error);
  }
  return redactMessage(message, url, secrets);
}
