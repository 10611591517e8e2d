// The snapshot rows' states come from the server (its awaitlyLens/snapshotStates handler, run here on the
// example workspace): a state icon and short text after a distinct label, the active row marked, the filter by state.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Workspace, type Logger } from '../../../server/src/project';
import { snapshotStates } from '../../../server/src/snapshotStates';
import type { FileNode } from '../../src/snapshots/nodes';
import { STATE_TITLES } from '../../src/snapshots/present';
import { SnapshotStore } from '../../src/snapshots/store';
import { SnapshotTreeProvider } from '../../src/snapshots/treeProvider';
import { EXAMPLE, fsSource, uriOf } from './helpers';

const uri = (name: string) => uriOf(path.join(EXAMPLE, 'snapshots', name));

describe('extension: snapshot rows with the server\'s states', function () {
  this.timeout(120000);
  const quiet: Logger = { info: () => undefined, error: () => undefined };
  let workspace: Workspace;
  let t: SnapshotTreeProvider;
  const saved = process.env.AWAITLY_LENS_TYPED_WORKER;
  const item = async (name: string) => {
    const node = (await t.getChildren()).find((n): n is FileNode => n.kind === 'file' && n.doc.uri === uri(name));
    return node && t.getTreeItem(node);
  };

  before(async () => {
    // The typed analysis (definition hashes) in this process: no worker thread to start from the sources.
    process.env.AWAITLY_LENS_TYPED_WORKER = '0';
    workspace = new Workspace(() => undefined, quiet);
    workspace.setFolders([EXAMPLE]);
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    t = new SnapshotTreeProvider(store, undefined, 60_000, { states: (uris) => snapshotStates(async (f) => workspace.folderFor(f), uris) });
    await t.getChildren();
    await t.statesReady();
  });
  after(() => {
    if (saved === undefined) delete process.env.AWAITLY_LENS_TYPED_WORKER;
    else process.env.AWAITLY_LENS_TYPED_WORKER = saved;
    for (const f of workspace.all()) f.dispose();
  });

  it('each row: its file name, then its state as an icon and a short text', async () => {
    const declined = (await item('checkout-payment-declined.json'))!;
    assert.equal(declined.label, 'payment-declined');
    assert.equal((await item('onboarding-mid-run.json'))!.label, 'onboarding-mid-run');
    // What the default side-bar width has room for beside the label; the failure itself is read out and in the tooltip.
    assert.equal(declined.description, 'failure');
    assert.equal(declined.ariaLabel, 'checkout-payment-declined.json, replays CARD_DECLINED');
    assert.equal((await item('checkout-renamed-step.json'))!.description, 'replays failure');
    assert.deepEqual(declined.icon, STATE_TITLES['replays-failure'].icon);
    const missing = (await item('checkout-missing-cause.json'))!;
    assert.equal(missing.description, 'invalid · 1 error');
    assert.deepEqual(missing.icon, STATE_TITLES.invalid.icon);
  });

  it('a snapshot with an unknown step is never shown clean or valid', async () => {
    const renamed = (await item('checkout-renamed-step.json'))!;
    assert.notEqual(renamed.description, 'clean');
    assert.doesNotMatch(renamed.description!, /valid|clean/);
    assert.ok(t.stateOf(uri('checkout-renamed-step.json'))!.states.includes('unknown-keys'));
    assert.match(renamed.tooltip!, /unknown keys/);
  });

  it('marks the active snapshot\'s row', async () => {
    t.setActive(uri('checkout-payment-declined.json'));
    const active = (await item('checkout-payment-declined.json'))!;
    assert.equal(active.active, true);
    assert.match(active.contextValue, /\bactive\b/);
    assert.equal(active.ariaLabel, 'checkout-payment-declined.json, replays CARD_DECLINED, active snapshot');
    assert.equal((await item('checkout-missing-cause.json'))!.active, undefined);
    t.setActive(undefined);
    assert.equal((await item('checkout-payment-declined.json'))!.active, undefined);
  });

  it('filters by state: invalid / replays failure / unknown keys / clean, then all again', async () => {
    const names = async () => (await t.getChildren()).filter((n): n is FileNode => n.kind === 'file').map((n) => n.doc.fileName);
    const all = await names();
    t.setStateFilter('invalid');
    assert.deepEqual(await names(), ['checkout-missing-cause.json']);
    t.setStateFilter('replays-failure');
    const failing = await names();
    assert.ok(failing.includes('checkout-payment-declined.json') && !failing.includes('checkout-missing-cause.json'), failing.join());
    t.setStateFilter('unknown-keys');
    assert.ok((await names()).includes('checkout-renamed-step.json'));
    t.setStateFilter('clean');
    const clean = await names();
    assert.ok(!clean.includes('checkout-renamed-step.json') && !clean.includes('checkout-payment-declined.json'), clean.join());
    t.setStateFilter(undefined);
    assert.deepEqual(await names(), all);
  });
});
