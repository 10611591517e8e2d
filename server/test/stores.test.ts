// Store rows in the editor, against real parts: a libSQL database file written through @libsql/client and a
// PostgreSQL cluster started for this file (core/test/sources/pgCluster.ts). The server lists rows (paged,
// newest first, filtered by id prefix), serves one row as a document, and checks that document exactly as it
// checks the same snapshot saved as a file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol';
import { ReplayPlanRequest, StoreRowRequest, StoreRowsRequest, StoresRequest, type StoreRowsParams } from '../src/protocol/requests';
import { loadRows, PG_PASSWORD, withPostgres } from '../../core/test/sources/pgCluster';
import { codes, copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

const SNAPSHOTS = path.join(EXAMPLE, 'snapshots');
const snapshot = (name: string) => fs.readFileSync(path.join(SNAPSHOTS, name), 'utf8');
/** Compact, as an adapter saves it (JSON.stringify). */
const compact = (name: string) => JSON.stringify(JSON.parse(snapshot(name)));

const ROWS = [
  { id: 'checkout:declined', snapshot: compact('checkout-payment-declined.json'), updated_at: '2026-01-02 10:00:00' },
  { id: 'checkout:renamed', snapshot: compact('checkout-renamed-step.json'), updated_at: '2026-01-03 10:00:00' },
  { id: 'checkout:missing-cause', snapshot: compact('checkout-missing-cause.json'), updated_at: '2026-01-01 10:00:00' },
  { id: 'other:onboarding', snapshot: compact('onboarding-mid-run.json'), updated_at: '2026-01-04 10:00:00' },
  { id: 'checkout:broken', snapshot: '{"formatVersion": 1, "steps": {', updated_at: '2026-01-05 10:00:00' },
  { id: 'checkout/a%b', snapshot: compact('checkout-payment-declined.json'), updated_at: '2025-12-31 10:00:00' },
];

async function writeLibsql(file: string): Promise<void> {
  const { createClient } = await import('@libsql/client');
  const c = createClient({ url: `file:${file}` });
  await c.execute("CREATE TABLE awaitly_snapshots (id TEXT PRIMARY KEY, snapshot TEXT NOT NULL, updated_at TEXT DEFAULT (datetime('now')))");
  for (const r of ROWS) await c.execute({ sql: 'INSERT INTO awaitly_snapshots (id, snapshot, updated_at) VALUES (?, ?, ?)', args: [r.id, r.snapshot, r.updated_at] });
  c.close();
}

async function openRow(client: LspClient, uri: string, text: string): Promise<void> {
  await client.rpc.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
}

describe('server: store rows (libSQL file written through @libsql/client)', function () {
  this.timeout(120000);
  let ws: string;
  let client: LspClient;
  let folderUri: string;
  let store: string;
  let missingTable: string;
  const rows = (p: Partial<StoreRowsParams>) => client.rpc.sendRequest(StoreRowsRequest.type, { folderUri, store, limit: 100, ...p });
  const uriOfRow = async (id: string) => (await rows({ idPrefix: id })).rows.find((r) => r.id === id)!.uri;

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    await writeLibsql(path.join(ws, 'stores', 'rows.db'));
    client = await LspClient.start({ folders: [ws], settings: { '*': { stores: [{ url: 'libsql:stores/rows.db' }, { url: 'libsql:stores/rows.db', table: 'nope' }, 'mysql://u:hunter2@db/x'] } } });
    const stores = await client.rpc.sendRequest(StoresRequest.type, null);
    assert.equal(stores.length, 3);
    folderUri = stores[0]!.folderUri;
    store = stores[0]!.key;
    missingTable = stores[1]!.key;
    assert.equal(folderUri, uriOf(ws));
    assert.equal(stores[0]!.name, `libSQL file ${path.join(ws, 'stores', 'rows.db')} (table awaitly_snapshots)`);
    assert.equal(stores[0]!.kind, 'libsql');
    assert.equal(stores[0]!.label, 'rows.db');
    assert.equal(stores[1]!.label, 'rows.db · nope');
    // A URL no source reads: said at once, redacted.
    assert.match(stores[2]!.error!, /unknown store URL 'mysql:\/\/u:\*\*\*@db\/x'/);
    assert.doesNotMatch(JSON.stringify(stores), /hunter2/);
  });
  after(async () => client?.stop());

  it('lists rows newest first, a page at a time, and filters by id prefix', async () => {
    const first = await rows({ limit: 2 });
    assert.deepEqual(first.rows.map((r) => r.id), ['checkout:broken', 'other:onboarding']);
    assert.equal(first.more, true);
    assert.equal(first.rows[0]!.updatedAt, '2026-01-05 10:00:00');
    const last = first.rows[1]!;
    const second = await rows({ limit: 2, before: { id: last.id, updatedAt: last.updatedAt! } });
    assert.deepEqual(second.rows.map((r) => r.id), ['checkout:renamed', 'checkout:declined']);
    const l2 = second.rows[1]!;
    const third = await rows({ limit: 2, before: { id: l2.id, updatedAt: l2.updatedAt! } });
    assert.deepEqual(third.rows.map((r) => r.id), ['checkout:missing-cause', 'checkout/a%b']);
    assert.equal(third.more, false);
    const filtered = await rows({ idPrefix: 'checkout:' });
    assert.deepEqual(filtered.rows.map((r) => r.id), ['checkout:broken', 'checkout:renamed', 'checkout:declined', 'checkout:missing-cause']);
    assert.match(filtered.rows[0]!.uri, /^awaitly-store:\//);
  });

  it('serves a row as JSON text (laid out for reading, the stored tokens) and ids with / and % round-trip', async () => {
    const uri = await uriOfRow('checkout:declined');
    const row = await client.rpc.sendRequest(StoreRowRequest.type, { uri });
    assert.equal(row.error, undefined);
    assert.ok(row.text!.split('\n').length > 20);
    assert.deepEqual(JSON.parse(row.text!), JSON.parse(ROWS[0]!.snapshot));
    const odd = await client.rpc.sendRequest(StoreRowRequest.type, { uri: await uriOfRow('checkout/a%b') });
    assert.deepEqual(JSON.parse(odd.text!), JSON.parse(ROWS[5]!.snapshot));
  });

  it('a row document gets the diagnostics the same snapshot gets as a file (an unknown step included)', async () => {
    for (const [id, name] of [['checkout:renamed', 'checkout-renamed-step.json'], ['checkout:missing-cause', 'checkout-missing-cause.json']] as const) {
      const uri = await uriOfRow(id);
      const { text } = await client.rpc.sendRequest(StoreRowRequest.type, { uri });
      await openRow(client, uri, text!);
      const fromRow = await client.diagnosticsOfUri(uri);
      const file = path.join(ws, 'snapshots', name);
      await client.open(file);
      const fromFile = await client.diagnostics(file);
      assert.ok(fromFile.length > 0, name);
      assert.deepEqual(codes(fromRow), codes(fromFile), id);
      // Positions are in the row's own text.
      for (const d of fromRow) assert.ok(d.range.start.line < text!.split('\n').length);
    }
    const renamed = await client.diagnosticsOfUri(await uriOfRow('checkout:renamed'));
    assert.ok(codes(renamed).includes('unknown-snapshot-step'), codes(renamed).join());
  });

  it('plans a row against the code like a file (the replay plan the tree and the highlights use)', async () => {
    const uri = await uriOfRow('checkout:declined');
    // Asked before the document is open: the row the server read is enough.
    await client.rpc.sendRequest(StoreRowRequest.type, { uri });
    const plan = await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: uri });
    const filePlan = await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: uriOf(path.join(ws, 'snapshots', 'checkout-payment-declined.json')) });
    assert.ok(plan && filePlan);
    assert.equal(plan.snapshotUri, uri);
    assert.equal(plan.summary, filePlan.summary);
    assert.deepEqual(plan.steps.map((s) => s.state), filePlan.steps.map((s) => s.state));
    assert.ok(plan.steps.every((s) => s.location.uri.startsWith('file://')));
    assert.ok(plan.steps.some((s) => s.entryRange), 'entry ranges in the row text');
  });

  it('errors name the store and the row, never a credential: missing table, malformed row, missing row', async () => {
    const missing = await client.rpc.sendRequest(StoreRowsRequest.type, { folderUri, store: missingTable, limit: 10 });
    assert.deepEqual(missing.rows, []);
    assert.match(missing.error!, /rows\.db \(table nope\): no table 'nope'/);
    const broken = await client.rpc.sendRequest(StoreRowRequest.type, { uri: await uriOfRow('checkout:broken') });
    assert.equal(broken.text, ROWS[4]!.snapshot);
    assert.match(broken.error!, /^row 'checkout:broken' of libSQL file .*rows\.db \(table awaitly_snapshots\): the stored snapshot is not valid JSON/);
    const gone = (await uriOfRow('checkout:declined')).replace('declined', 'nothing-here');
    const absent = await client.rpc.sendRequest(StoreRowRequest.type, { uri: gone });
    assert.match(absent.error!, /^row 'checkout:nothing-here' of libSQL file .*: no such row/);
  });
});

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('server: store rows (PostgreSQL cluster)', function () {
  this.timeout(180000);
  const pg = withPostgres();
  let client: LspClient;
  let ws: string;

  before(async () => {
    await loadRows(pg().url, ROWS.filter((r) => r.id !== 'checkout:broken').map((r) => ({ ...r, updated_at: `${r.updated_at.replace(' ', 'T')}Z` })));
    ws = copyWorkspace(EXAMPLE);
    const wrong = pg().url.replace(encodeURIComponent(PG_PASSWORD), 'not-the-pw0rd');
    const refused = `postgres://lens:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:${await closedPort()}/postgres`;
    client = await LspClient.start({ folders: [ws], settings: { '*': { stores: [pg().url, wrong, refused, { url: pg().url, prefix: 'checkout:' }] } } });
  });
  after(async () => client?.stop());

  it('lists, pages, filters and opens rows; the row document is checked like a file', async () => {
    const stores = await client.rpc.sendRequest(StoresRequest.type, null);
    assert.equal(stores.length, 4);
    assert.doesNotMatch(JSON.stringify(stores), new RegExp(encodeURIComponent(PG_PASSWORD).replace(/[!]/g, '\\$&')));
    assert.match(stores[0]!.name, /^postgres:\/\/lens:\*\*\*@127\.0\.0\.1:\d+\/postgres \(table awaitly_snapshots\)$/);
    const [all, , , prefixed] = stores;
    const page1 = await client.rpc.sendRequest(StoreRowsRequest.type, { folderUri: all!.folderUri, store: all!.key, limit: 2 });
    assert.deepEqual(page1.rows.map((r) => r.id), ['other:onboarding', 'checkout:renamed']);
    assert.equal(page1.rows[0]!.updatedAt, '2026-01-04T10:00:00.000Z');
    const last = page1.rows[1]!;
    const page2 = await client.rpc.sendRequest(StoreRowsRequest.type, { folderUri: all!.folderUri, store: all!.key, limit: 10, before: { id: last.id, updatedAt: last.updatedAt! } });
    assert.deepEqual(page2.rows.map((r) => r.id), ['checkout:declined', 'checkout:missing-cause', 'checkout/a%b']);
    // The store's prefix, then the filter after it.
    const inPrefix = await client.rpc.sendRequest(StoreRowsRequest.type, { folderUri: all!.folderUri, store: prefixed!.key, limit: 10, idPrefix: 're' });
    assert.deepEqual(inPrefix.rows.map((r) => r.id), ['checkout:renamed']);
    const uri = inPrefix.rows[0]!.uri;
    const row = await client.rpc.sendRequest(StoreRowRequest.type, { uri });
    assert.deepEqual(JSON.parse(row.text!), JSON.parse(ROWS[1]!.snapshot));
    await openRow(client, uri, row.text!);
    const diagnostics = await client.diagnosticsOfUri(uri);
    assert.ok(codes(diagnostics).includes('unknown-snapshot-step'), codes(diagnostics).join());
  });

  it('a wrong password and a refused connection: clear messages naming the store, no password', async () => {
    const stores = await client.rpc.sendRequest(StoresRequest.type, null);
    const [, wrong, refused] = stores;
    const bad = await client.rpc.sendRequest(StoreRowsRequest.type, { folderUri: wrong!.folderUri, store: wrong!.key, limit: 5 });
    assert.match(bad.error!, /^postgres:\/\/lens:\*\*\*@127\.0\.0\.1:\d+\/postgres \(table awaitly_snapshots\): password authentication failed/);
    const off = await client.rpc.sendRequest(StoreRowsRequest.type, { folderUri: refused!.folderUri, store: refused!.key, limit: 5 });
    assert.match(off.error!, /\(table awaitly_snapshots\): connection refused/);
    for (const text of [bad.error!, off.error!, client.logs.map((l) => l.message).join('\n')]) {
      assert.ok(!text.includes(PG_PASSWORD) && !text.includes(encodeURIComponent(PG_PASSWORD)) && !text.includes('not-the-pw0rd'), text);
    }
  });
});
