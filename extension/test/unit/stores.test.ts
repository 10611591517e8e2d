// The explorer's store nodes over the language server's own store service (server/src/stores.ts) reading the
// example workspace's real libSQL file (stores/checkout.db, 1,240 rows): a store beside the files, rows newest
// first a page at a time, "Load more", the id-prefix filter, and a row expanded into its steps with the
// server's replay plan, as a file is.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { replayPlan } from '../../../server/src/features/replayPlan';
import { Workspace, type Logger } from '../../../server/src/project';
import { LensSettings } from '../../../server/src/protocol/settings';
import { StoreService } from '../../../server/src/stores';
import type { Node, StepNode, StoreNode, StoreRowNode } from '../../src/snapshots/nodes';
import { SnapshotStore } from '../../src/snapshots/store';
import type { StoreClient } from '../../src/snapshots/storeRows';
import { SnapshotTreeProvider } from '../../src/snapshots/treeProvider';
import { EXAMPLE, fsSource } from './helpers';

describe('extension: store rows in the snapshot tree (example workspace checkout.db through the server)', function () {
  this.timeout(60000);
  const quiet: Logger = { info: () => undefined, error: () => undefined };
  let workspace: Workspace;
  let service: StoreService;
  let t: SnapshotTreeProvider;
  let storeRoot: StoreNode;

  before(async () => {
    workspace = new Workspace(() => undefined, quiet);
    const [folder] = workspace.setFolders([EXAMPLE]);
    folder!.applySettings(LensSettings.from({ stores: ['libsql:stores/checkout.db', { url: 'libsql:stores/checkout.db', table: 'missing_table' }] }));
    service = new StoreService({ folders: () => workspace.all(), folderFor: async (f) => workspace.folderFor(f), log: quiet });
    const client: StoreClient = { stores: () => service.stores(), rows: (p) => service.rows(p), row: (uri) => service.row(uri) };
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    t = new SnapshotTreeProvider(store, async (uri) => replayPlan((f) => workspace.folderFor(f), { snapshotUri: uri }), 20_000, { stores: client, storePageSize: 50 });
  });
  after(async () => {
    await service.dispose();
    for (const f of workspace.all()) f.dispose();
  });

  it('lists each store after the files, named by its file and table', async () => {
    const roots = await t.getChildren();
    const stores = roots.filter((n): n is StoreNode => n.kind === 'store');
    assert.equal(stores.length, 2);
    assert.ok(roots.indexOf(stores[0]!) > 0 && roots.slice(0, roots.indexOf(stores[0]!)).every((n) => n.kind === 'file'));
    storeRoot = stores[0]!;
    assert.equal(t.getTreeItem(storeRoot).label, 'checkout.db');
    assert.equal(t.getTreeItem(storeRoot).ariaLabel, `store libSQL file ${path.join(EXAMPLE, 'stores', 'checkout.db')} (table awaitly_snapshots)`);
  });

  it('rows newest first, 50 a page, then "Load more" reads the next page', async () => {
    let rows = await t.getChildren(storeRoot);
    assert.equal(rows.filter((n) => n.kind === 'storeRow').length, 50);
    assert.equal(t.getTreeItem(rows[0]!).label, 'checkout-cart-3240');
    assert.equal(t.getTreeItem(rows[49]!).label, 'checkout-cart-3191');
    assert.match(t.getTreeItem(rows[0]!).description!, /^2026-01-16 05:40/);
    const more = rows[50]!;
    assert.equal(more.kind, 'storeMore');
    await t.loadMoreRows(storeRoot.id);
    rows = await t.getChildren(storeRoot);
    assert.equal(rows.filter((n) => n.kind === 'storeRow').length, 100);
    assert.equal(t.getTreeItem(rows[50]!).label, 'checkout-cart-3190');
  });

  it('filters by id prefix, and a row expands into its steps with the server\'s replay states', async () => {
    t.filterRows(storeRoot.id, 'checkout-cart-200');
    const root = (await t.getChildren()).find((n): n is StoreNode => n.kind === 'store' && n.id === storeRoot.id)!;
    assert.equal(t.getTreeItem(root).description, "id starts with 'checkout-cart-200'");
    const rows = (await t.getChildren(root)).filter((n): n is StoreRowNode => n.kind === 'storeRow');
    assert.ok(rows.length > 0 && rows.length <= 10, String(rows.length));
    assert.ok(rows.every((r) => r.row.id.startsWith('checkout-cart-200')));
    const children: Node[] = await t.getChildren(rows[0]!);
    const steps = children.filter((n): n is StepNode => n.kind === 'step');
    assert.ok(steps.length >= 3, children.map((c) => c.kind).join());
    assert.ok(steps.every((s) => s.state !== 'pending'), 'planned against the code');
    assert.match(t.getTreeItem(rows[0]!).contextValue, /snapshotFile storeRow/);
  });

  it('a store that cannot be read shows its error, naming the store', async () => {
    const roots = await t.getChildren();
    const broken = roots.filter((n): n is StoreNode => n.kind === 'store')[1]!;
    const [message] = await t.getChildren(broken);
    assert.equal(message!.kind, 'message');
    assert.match(t.getTreeItem(message!).label, /checkout\.db \(table missing_table\): no table 'missing_table'/);
    assert.match(t.getTreeItem(message!).contextValue, /error/);
  });
});
