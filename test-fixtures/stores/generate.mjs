// Writes the store fixtures from real runs: src/orders.ts run through durable.run of awaitly 1.35.0 (the root's
// `awaitly`) and of 4.5.1 (a copy of the file inside test-fixtures/workflows-4x, whose awaitly is 4.5.1), with
// an in-memory store that records every save. Rows are laid out exactly as the persistence adapters write them
// (awaitly-4-api.md §7): id = prefix + id, value JSON.stringify(snapshot, or serializeResumeState(state)).
//   rows.json               every row (id, snapshot text, updated_at ISO, provenance); the PG tests COPY these
//   snapshots.db            awaitly-libsql layout, written through @libsql/client
//   mongo-relaxed.jsonl     mongoexport (relaxed Extended JSON) of awaitly-mongo's collection
//   mongo-canonical.jsonl   mongoexport --jsonFormat=canonical
//   mongo.bson              mongodump (BSON documents back to back)
//   ../example-workspace/stores/checkout.db
//                           the example workspace's checkout (src/checkout.ts, its awaitly 4.5.1) run through
//                           durable.run for 1,240 carts: 1,204 in flight after the payment, 36 declined payments
// Derived rows (edited after the run, to cover problems real runs do not make) say so in `derived`.
// Run: node test-fixtures/stores/generate.mjs (or npm run fixtures:stores)
import { copyFileSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { createClient } from '@libsql/client';
import { BSON, EJSON } from 'bson';

const here = dirname(fileURLToPath(import.meta.url));
const fourX = join(here, '..', 'workflows-4x', '.stores-generate');

function fail(message, detail) {
  console.error(`generate stores: ${message}`, detail === undefined ? '' : JSON.stringify(detail, null, 2));
  process.exit(1);
}

function recordingStore() {
  const data = new Map();
  const saves = [];
  return {
    saves,
    data,
    async save(id, state) {
      saves.push({ id, state: structuredClone(state) });
      data.set(id, state);
    },
    async load(id) {
      return data.get(id) ?? null;
    },
    async delete(id) {
      data.delete(id);
    },
    async list() {
      return [...data.keys()].map((id) => ({ id, updatedAt: new Date().toISOString() }));
    },
    async close() {},
  };
}

/** Runs the orders workflow with one awaitly line; returns the rows an adapter would hold. */
async function runLine(line, ordersModule, workflowModule, prefix) {
  const { placeOrder, orderDeps } = ordersModule;
  const { serializeResumeState, createResumeStateCollector } = workflowModule;
  const rows = [];
  const row = (id, value, provenance) => rows.push({ id: prefix + id, snapshot: JSON.stringify(value), line, provenance });
  // Declined cards: durable keeps the state (a stored failure that every resume replays).
  for (const user of ['ann', 'bob', 'cid']) {
    const store = recordingStore();
    const r = await placeOrder(orderDeps([user]), user, { store });
    if (r.ok) fail(`${line}: ${user}'s card should decline`);
    const kept = store.data.get(`order-${user}`);
    if (!kept) fail(`${line}: durable should keep the declined run's state`);
    row(`order-${user}`, kept, `durable.run of awaitly ${line}: chargeCard returned err CARD_DECLINED; the state durable kept`);
  }
  // Runs in flight: the save after chargeCard (durable deletes the state once the run succeeds).
  for (const user of ['dan', 'eve', 'fay']) {
    const store = recordingStore();
    const r = await placeOrder(orderDeps([]), user, { store });
    if (!r.ok) fail(`${line}: ${user}'s order should succeed`, r.error);
    const mid = store.saves.find((s) => Object.keys(s.state.steps).length === 2);
    if (!mid) fail(`${line}: no save after chargeCard`, store.saves);
    row(`order-${user}`, mid.state, `durable.run of awaitly ${line}: the save after chargeCard, while sendReceipt was still to run`);
  }
  // A resume state (adapters store serializeResumeState(state) when given one), from the same kind of run.
  {
    const store = recordingStore();
    const collector = createResumeStateCollector();
    const r = await placeOrder(orderDeps(['gus']), 'gus', { store, onEvent: collector.handleEvent });
    if (r.ok) fail(`${line}: gus's card should decline`);
    const serialized = serializeResumeState(collector.getResumeState());
    if (serialized.kind !== 'ResumeState' || serialized.steps.length !== 2) fail(`${line}: unexpected resume state`, serialized);
    row(`order-gus`, serialized, `durable.run of awaitly ${line} with a createResumeStateCollector; serializeResumeState of its state`);
  }
  return rows;
}

mkdirSync(fourX, { recursive: true });
copyFileSync(join(here, 'src', 'orders.ts'), join(fourX, 'orders.ts'));
let rows;
try {
  const orders135 = await tsImport(pathToFileURL(join(here, 'src', 'orders.ts')).href, import.meta.url);
  const workflow135 = await import('awaitly/workflow');
  const orders4 = await tsImport(pathToFileURL(join(fourX, 'orders.ts')).href, import.meta.url);
  const workflow4 = await import(pathToFileURL(join(here, '..', 'workflows-4x', 'node_modules', 'awaitly', 'dist', 'index.js')).href);
  rows = [...(await runLine('1.35.0', orders135, workflow135, '')), ...(await runLine('4.5.1', orders4, workflow4, 'v4:'))];
} finally {
  rmSync(fourX, { recursive: true, force: true });
}

// Derived rows: what real runs do not produce, for the problem paths.
const base = JSON.parse(rows.find((r) => r.id === 'order-dan').snapshot);
const renamed = structuredClone(base);
renamed.steps['charge-v0:dan'] = renamed.steps['charge:dan'];
delete renamed.steps['charge:dan'];
const noCause = JSON.parse(rows.find((r) => r.id === 'order-ann').snapshot);
delete noCause.steps['charge:ann'].cause;
rows.push(
  { id: 'order-hal', snapshot: JSON.stringify(renamed).replace(/dan/g, 'hal'), line: '1.35.0', derived: "order-dan with charge:dan renamed to charge-v0:hal (a key no step produces)" },
  { id: 'order-ivy', snapshot: JSON.stringify(noCause).replace(/ann/g, 'ivy'), line: '1.35.0', derived: "order-ann with the failure's cause deleted (awaitly's validateSnapshot rejects it)" },
  { id: 'order-jon', snapshot: JSON.stringify({ note: 'not a snapshot' }), line: '1.35.0', derived: 'a JSON value that is neither a snapshot nor a resume state' },
  { id: 'other:order-ann', snapshot: rows.find((r) => r.id === 'order-ann').snapshot, line: '1.35.0', derived: "order-ann under another prefix ('other:'), for --prefix" },
);
// Timestamps: one second apart, newest last, so "newest first" has a fixed order.
const start = Date.UTC(2026, 0, 15, 9, 0, 0);
rows.forEach((r, i) => (r.updated_at = new Date(start + i * 1000).toISOString()));

writeFileSync(join(here, 'rows.json'), JSON.stringify(rows, null, 2) + '\n');

// libSQL: the adapter's DDL; one row with broken JSON text (TEXT columns accept anything).
const dbFile = join(here, 'snapshots.db');
for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) if (existsSync(f)) rmSync(f);
const db = createClient({ url: pathToFileURL(dbFile).href });
await db.execute("CREATE TABLE IF NOT EXISTS awaitly_snapshots (id TEXT PRIMARY KEY, snapshot TEXT NOT NULL, updated_at TEXT DEFAULT (datetime('now')))");
await db.execute('CREATE INDEX IF NOT EXISTS awaitly_snapshots_updated_at_idx ON awaitly_snapshots (updated_at DESC)');
const sqliteTime = (iso) => iso.replace('T', ' ').replace(/\.\d+Z$/, '');
for (const r of rows) {
  await db.execute({ sql: 'INSERT INTO awaitly_snapshots (id, snapshot, updated_at) VALUES (?, ?, ?)', args: [r.id, r.snapshot, sqliteTime(r.updated_at)] });
}
await db.execute({ sql: 'INSERT INTO awaitly_snapshots (id, snapshot, updated_at) VALUES (?, ?, ?)', args: ['order-kim', '{"formatVersion":1,"steps":{', sqliteTime(new Date(start + rows.length * 1000).toISOString())] });
db.close();

// MongoDB exports of awaitly-mongo's collection: { _id, snapshot: <object>, updatedAt: Date }.
const docs = rows.map((r) => ({ _id: r.id, snapshot: JSON.parse(r.snapshot), updatedAt: new Date(r.updated_at) }));
writeFileSync(join(here, 'mongo-relaxed.jsonl'), docs.map((d) => EJSON.stringify(d, { relaxed: true })).join('\n') + '\n');
writeFileSync(join(here, 'mongo-canonical.jsonl'), docs.map((d) => EJSON.stringify(d, { relaxed: false })).join('\n') + '\n');
writeFileSync(join(here, 'mongo.bson'), Buffer.concat(docs.map((d) => BSON.serialize(d))));
// The example workspace's store: real checkout runs of its own code with its own awaitly (4.5.1).
const wsDir = join(here, '..', 'example-workspace');
const wsDurable = createRequire(join(wsDir, 'package.json'))('awaitly/durable').durable;
const wsOk = createRequire(join(wsDir, 'package.json'))('awaitly').ok;
const wsErr = createRequire(join(wsDir, 'package.json'))('awaitly').err;
const checkoutModule = await tsImport(pathToFileURL(join(wsDir, 'src', 'checkout.ts')).href, import.meta.url);
const wsRows = [];
const IN_FLIGHT = 1204;
const DECLINED = 36;
for (let i = 1; i <= IN_FLIGHT + DECLINED; i++) {
  const cart = { id: `cart-${2000 + i}`, customerId: `cus-${i}`, items: [{ sku: 'mug-blue', qty: 1 + (i % 3), unitPriceCents: 1200 }] };
  const declined = i > IN_FLIGHT;
  const deps = {
    ...checkoutModule.createCheckoutDeps({ [cart.id]: cart }),
    chargeCard: async (_customer, amountCents) => (declined ? wsErr({ type: 'CARD_DECLINED', declineCode: 'insufficient_funds' }) : wsOk({ chargeId: `ch-${i}`, amountCents })),
  };
  const store = recordingStore();
  const runner = { run: (fn) => wsDurable.run(deps, fn, { id: `checkout-${cart.id}`, store, metadata: { workflow: 'checkout', cartId: cart.id } }) };
  const r = await checkoutModule.checkout(cart.id, runner);
  if (r.ok === declined) fail(`checkout ${cart.id}: expected ${declined ? 'a declined payment' : 'success'}`, r);
  const state = declined
    ? store.data.get(`checkout-${cart.id}`)
    : store.saves.find((s) => Object.keys(s.state.steps).includes(`payment:${cart.id}`))?.state;
  if (!state) fail(`checkout ${cart.id}: no saved state`, store.saves.map((s) => Object.keys(s.state.steps)));
  wsRows.push({ id: `checkout-${cart.id}`, snapshot: JSON.stringify(state), updated_at: sqliteTime(new Date(start + i * 60_000).toISOString()) });
}
const wsDb = join(wsDir, 'stores', 'checkout.db');
mkdirSync(dirname(wsDb), { recursive: true });
for (const f of [wsDb, `${wsDb}-wal`, `${wsDb}-shm`, `${wsDb}-journal`]) if (existsSync(f)) rmSync(f);
const wsClient = createClient({ url: pathToFileURL(wsDb).href });
await wsClient.execute("CREATE TABLE IF NOT EXISTS awaitly_snapshots (id TEXT PRIMARY KEY, snapshot TEXT NOT NULL, updated_at TEXT DEFAULT (datetime('now')))");
await wsClient.execute('CREATE INDEX IF NOT EXISTS awaitly_snapshots_updated_at_idx ON awaitly_snapshots (updated_at DESC)');
await wsClient.batch(wsRows.map((r) => ({ sql: 'INSERT INTO awaitly_snapshots (id, snapshot, updated_at) VALUES (?, ?, ?)', args: [r.id, r.snapshot, r.updated_at] })), 'write');
wsClient.close();

console.log(`generate stores: ${wsRows.length} checkout rows in example-workspace/stores/checkout.db`);
console.log(`generate stores: ${rows.length} rows (+1 broken-JSON row in snapshots.db) from awaitly 1.35.0 and 4.5.1 runs`);
