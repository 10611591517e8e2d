// The stores of the awaitlyLens.stores setting, per workspace folder, read through core's source layer only
// (core/src/sources: openStore, listPage, readRow): pages of row ids for the explorer, one row's text for its
// document. A row read here is handed to the folder's snapshot index under the path its URI names
// (storeUri.ts), so diagnostics, the replay plan and navigation treat it as a snapshot file of that folder.
// Every message names the store by its redacted name; credentials never leave this file.
import { createHash } from 'node:crypto';
import { applyEdits, format } from 'jsonc-parser';
import { entryText, openStore, redactMessage, redactUrl, storeKind, type SnapshotSource } from '../../core/src/sources';
import { listPage, readRow } from '../../core/src/sources/page';
import { pathToUri, uriToPath } from './convert';
import type { Logger } from './host';
import type { StoreInfo, StoreRowResult, StoreRowsParams, StoreRowsResult } from './protocol/requests';
import type { LensSettings, StoreSetting } from './protocol/settings';
import { parseStoreRowPath, storeRowPath } from './storeUri';

/** What the service needs of the session: the workspace folders and a folder with its settings applied. */
export interface StoreHost {
  folders(): Array<{ rootDir: string; loose: boolean }>;
  folderFor(file: string): Promise<{ rootDir: string; settings: LensSettings; snapshots: { putRow(file: string, text: string, stamp: string): void } }>;
  log: Logger;
}

interface OpenStore {
  setting: StoreSetting;
  name: string;
  source?: SnapshotSource;
  /** Why the store cannot be opened at all (unknown URL scheme, bad table name). */
  error?: string;
}

/** Stable within a folder as long as the setting is the same: a hash of what names the rows. */
export function storeKey(s: StoreSetting): string {
  return createHash('sha1').update(JSON.stringify([s.url, s.table ?? s.collection ?? '', s.prefix ?? ''])).digest('hex').slice(0, 12);
}

const PAGE_MAX = 1000;

export class StoreService {
  /** Per folder, its stores by key, in settings order. */
  private readonly byFolder = new Map<string, Map<string, OpenStore>>();

  constructor(private readonly host: StoreHost) {}

  /** Every workspace folder's stores (opened lazily: nothing connects until rows are asked for). */
  async stores(): Promise<StoreInfo[]> {
    const out: StoreInfo[] = [];
    for (const f of this.host.folders()) {
      if (f.loose) continue;
      const folder = await this.host.folderFor(f.rootDir);
      for (const [key, s] of this.reconcile(folder.rootDir, folder.settings.stores)) {
        const kind = storeKind(s.setting.url);
        out.push({ folderUri: pathToUri(folder.rootDir), key, name: s.name, label: shortName(s.setting), ...(kind ? { kind } : {}), ...(s.error ? { error: s.error } : {}) });
      }
    }
    return out;
  }

  async rows(p: StoreRowsParams): Promise<StoreRowsResult> {
    const rootDir = uriToPath(p.folderUri);
    if (!rootDir) return { rows: [], more: false, error: `not a workspace folder: ${p.folderUri}` };
    const folder = await this.host.folderFor(rootDir);
    const store = this.reconcile(folder.rootDir, folder.settings.stores).get(p.store);
    if (!store) return { rows: [], more: false, error: 'this store is no longer in the awaitlyLens.stores setting' };
    if (!store.source) return { rows: [], more: false, error: `${store.name}: ${store.error}` };
    const limit = Math.max(1, Math.min(PAGE_MAX, Math.floor(p.limit) || 1));
    try {
      const page = await listPage(store.source, { limit: limit + 1, ...(p.idPrefix ? { idPrefix: p.idPrefix } : {}), ...(p.before ? { before: p.before } : {}) }, store.setting.prefix ?? '');
      const rows = page.rows.slice(0, limit).map((r) => ({ ...r, uri: pathToUri(storeRowPath(folder.rootDir, p.store, r.id)) }));
      return { rows, more: page.rows.length > limit, ...(page.problems.length ? { problems: page.problems.map((m) => this.redact(store, m)) } : {}) };
    } catch (e) {
      return { rows: [], more: false, error: `${store.name}: ${this.redact(store, e)}` };
    }
  }

  /** A row's text for its document; also handed to the folder's snapshot index (the replay plan may ask before the document opens). */
  async row(uri: string): Promise<StoreRowResult> {
    const file = uriToPath(uri);
    const ref = file ? parseStoreRowPath(file) : undefined;
    if (!file || !ref) return { error: `not a store row: ${uri}` };
    const folder = await this.host.folderFor(ref.rootDir);
    const store = this.reconcile(folder.rootDir, folder.settings.stores).get(ref.key);
    const where = (name: string) => `row '${ref.id}' of ${name}`;
    if (!store) return { error: `${where('a store')}: the store is no longer in the awaitlyLens.stores setting` };
    if (!store.source) return { error: `${where(store.name)}: ${store.error}` };
    let entry;
    try {
      entry = await readRow(store.source, ref.id);
    } catch (e) {
      return { error: `${where(store.name)}: ${this.redact(store, e)}` };
    }
    if (!entry) return { error: `${where(store.name)}: no such row (deleted since the list was read?)` };
    const raw = entryText(entry);
    let problem: string | undefined;
    try {
      JSON.parse(raw);
    } catch (e) {
      problem = `${where(store.name)}: the stored snapshot is not valid JSON (${e instanceof Error ? e.message : String(e)})`;
    }
    // Malformed text is shown as stored, so the parse error's position is the stored one.
    const text = problem ? raw : pretty(raw);
    folder.snapshots.putRow(file, text, `row:${entry.updatedAt ?? ''}:${raw.length}`);
    return problem ? { text, error: problem } : { text };
  }

  /** Close every connection (shutdown). */
  async dispose(): Promise<void> {
    const all = [...this.byFolder.values()].flatMap((m) => [...m.values()]);
    this.byFolder.clear();
    await Promise.all(all.map((s) => s.source?.close().catch(() => undefined)));
  }

  /** The folder's stores for its current settings: new ones opened (lazily), removed ones closed. */
  private reconcile(rootDir: string, settings: readonly StoreSetting[]): Map<string, OpenStore> {
    const before = this.byFolder.get(rootDir) ?? new Map<string, OpenStore>();
    const next = new Map<string, OpenStore>();
    for (const setting of settings) {
      const key = storeKey(setting);
      if (next.has(key)) continue;
      next.set(key, before.get(key) ?? this.open(rootDir, setting));
    }
    for (const [key, s] of before) if (!next.has(key)) void s.source?.close().catch(() => undefined);
    this.byFolder.set(rootDir, next);
    return next;
  }

  private open(rootDir: string, setting: StoreSetting): OpenStore {
    const table = setting.table ?? setting.collection;
    try {
      const source = openStore(setting.url, rootDir, { ...(table ? { table } : {}), ...(setting.prefix ? { prefix: setting.prefix } : {}) });
      return { setting, name: source.name, source };
    } catch (e) {
      const name = `${redactUrl(setting.url)}${table ? ` (table ${table})` : ''}`;
      return { setting, name, error: redactMessage(e instanceof Error ? e.message : String(e), setting.url) };
    }
  }

  private redact(store: OpenStore, e: unknown): string {
    const message = e instanceof Error ? e.message : String(e);
    return redactMessage(message, store.setting.url, process.env.PGPASSWORD ? [process.env.PGPASSWORD] : []);
  }
}

/** `checkout.db`, `orders on db.internal:5432`, `export.jsonl`, with a table or prefix that is not the default. */
export function shortName(s: StoreSetting): string {
  let base: string;
  try {
    const u = new URL(s.url);
    base = /^postgres/i.test(u.protocol) ? `${u.pathname.replace(/^\//, '') || 'postgres'} on ${u.host}` : (s.url.split(/[/\\:]/).pop() || s.url).split('?')[0]!;
  } catch {
    base = s.url.split(/[/\\:]/).pop() || redactUrl(s.url);
  }
  const table = s.table ?? s.collection;
  return `${base}${table && table !== 'awaitly_snapshots' ? ` · ${table}` : ''}${s.prefix ? ` · ${s.prefix}*` : ''}`;
}

/** A row saved on one line (JSON.stringify, JSONB) laid out for reading; the tokens are kept as stored (no re-parse). */
function pretty(text: string): string {
  if (text.includes('\n') || text.length > 8 * 1024 * 1024) return text;
  try {
    return applyEdits(text, format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n' }));
  } catch {
    return text;
  }
}
