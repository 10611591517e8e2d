import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ReplayPlanResult, ReplayPlanStep } from '../../../server/src/protocol/requests';
import { replayPlan } from '../../../server/src/features/replayPlan';
import { Workspace, type Logger } from '../../../server/src/project';
import { parseSnapshotDoc } from '../../src/snapshots/model';
import type { Node, StepNode } from '../../src/snapshots/nodes';
import { afterLineText, compareSnapshots, decorationsFor, STATES } from '../../src/snapshots/present';
import { SnapshotStore } from '../../src/snapshots/store';
import { SnapshotTreeProvider } from '../../src/snapshots/treeProvider';
import { EXAMPLE, fsSource, uriOf } from './helpers';

const DECLINED = uriOf(path.join(EXAMPLE, 'snapshots/checkout-payment-declined.json'));
const SRC = uriOf(path.join(EXAMPLE, 'src/checkout.ts'));

/**
 * The plan the server answers for checkout-payment-declined.json: its own awaitlyLens/replayPlan handler
 * (core's planReplay on the example workspace, mapped to the protocol), not a hand-made object.
 */
function serverPlan(snapshotUri: string): ReplayPlanResult {
  const quiet: Logger = { info: () => undefined, error: (m) => assert.fail(m) };
  const workspace = new Workspace(() => undefined, quiet);
  workspace.setFolders([EXAMPLE]);
  const plan = replayPlan((file) => workspace.folderFor(file), { snapshotUri });
  assert.ok(plan, `the server plans ${snapshotUri}`);
  for (const folder of workspace.all()) folder.dispose();
  return plan;
}
const PLAN = serverPlan(DECLINED);

async function tree(plan: ReplayPlanResult | null = PLAN) {
  const store = new SnapshotStore(fsSource(EXAMPLE));
  await store.refreshAll();
  return new SnapshotTreeProvider(store, async (uri) => (uri === DECLINED ? plan : null));
}

describe('extension: snapshot tree', () => {
  it('one root per snapshot file, labelled by its file name (distinct), the state after it', async () => {
    const t = await tree();
    const roots = await t.getChildren();
    assert.equal(roots.length, 6);
    const declined = roots.find((n) => n.kind === 'file' && n.doc.uri === DECLINED)!;
    const item = t.getTreeItem(declined);
    // The part every checkout snapshot's name shares is left out of the label (not of what a screen reader says).
    assert.equal(item.label, 'payment-declined');
    assert.equal(item.ariaLabel, 'checkout-payment-declined.json, checking…');
    // No server states in this tree: nothing is claimed but what awaitly's own check says.
    assert.equal(item.description, 'checking…');
    assert.match(item.tooltip!, /checkout-cart-1001 \(workflow snapshot\) · running · 5 steps/);
    const labels = roots.map((n) => t.getTreeItem(n).label);
    assert.equal(new Set(labels).size, labels.length, labels.join());
    const missing = roots.find((n) => n.kind === 'file' && n.doc.fileName === 'checkout-missing-cause.json')!;
    assert.equal(t.getTreeItem(missing).description, 'invalid · 1 error');
    assert.match(t.getTreeItem(missing).contextValue, /invalid/);
    for (const r of roots) assert.doesNotMatch(t.getTreeItem(r).description ?? '', /valid$|✓/);
  });

  it('expanding shows execution, metadata, one row per step key with its state, then steps with no entry', async () => {
    const t = await tree();
    const file = t.fileNode(DECLINED)!;
    const rows = await t.getChildren(file);
    const labels = rows.map((n) => t.getTreeItem(n).label);
    assert.deepEqual(labels, ['execution', 'metadata', 'loadCart', 'price:cart-1001', 'reserveStock', 'quoteShipping', 'payment:cart-1001', 'createShipment', 'sendReceipt']);
    const states = rows.filter((n): n is StepNode => n.kind === 'step').map((n) => n.state);
    // priceCart's key price:${cart.id} matches one entry, so the server plans it skipped, not maybe.
    assert.deepEqual(states, ['skipped', 'skipped', 'skipped', 'runs', 'replay-failure']);
    const pay = t.getTreeItem(rows[6]!);
    assert.equal(pay.description, 'replays failure: CARD_DECLINED · step "chargeCard"');
    assert.deepEqual(pay.icon, STATES['replay-failure'].icon);
    assert.match(pay.contextValue, /step-replay-failure/);
    assert.match(pay.contextValue, /hasCode/);
    assert.match(pay.tooltip!, /skipped/); // legend
    assert.deepEqual(pay.command!.arguments, [DECLINED, ['steps', 'payment:cart-1001']]);
    const willRun = t.getTreeItem(rows[7]!);
    assert.equal(willRun.description, 'not reached · no entry in the snapshot');
  });

  it('a loop step with a template key: each snapshot entry it matches gets its iteration\'s own state', async () => {
    // The server's first row, given the iterations a loop step's template key gets (core/test/replay/plan-4x.test.ts).
    const step = (over: Partial<ReplayPlanStep>): ReplayPlanStep => ({ ...PLAN.steps[0]!, ...over });
    const loop = step({
      state: 'replay-failure',
      conditional: true,
      iterations: [
        { entryKey: 'loadCart', state: 'skipped', reason: 'first iteration' },
        { entryKey: 'reserveStock', state: 'replay-failure', reason: 'second iteration' },
        { entryKey: 'payment:cart-1001', state: 'not-reached', reason: 'third iteration' },
      ],
    });
    const t = await tree({ ...PLAN, steps: [loop] });
    const rows = await t.getChildren(t.fileNode(DECLINED)!);
    const byKey = Object.fromEntries(rows.filter((n): n is StepNode => n.kind === 'step').map((n) => [n.key, n.state]));
    assert.equal(byKey.loadCart, 'skipped');
    assert.equal(byKey.reserveStock, 'replay-failure');
    assert.equal(byKey['payment:cart-1001'], 'not-reached');
    assert.equal(rows.filter((n) => n.kind === 'willRun').length, 0, 'no iteration without an entry');
    const more = step({ state: 'skipped', conditional: true, iterations: [{ entryKey: 'loadCart', state: 'skipped', reason: 'r' }, { state: 'runs', reason: 'later iterations' }] });
    const t2 = await tree({ ...PLAN, steps: [more] });
    const rows2 = await t2.getChildren(t2.fileNode(DECLINED)!);
    assert.equal(rows2.filter((n) => n.kind === 'willRun').length, 1, 'the iterations whose key is not in the snapshot run');
    // The after-line text in the code sums the iterations up instead of claiming the step is skipped.
    assert.deepEqual(decorationsFor({ ...PLAN, steps: [loop, more] }, undefined, SRC).map((d) => d.text),
      ['per iteration: 1 skipped, 1 replays failure, 1 not reached', 'per iteration: 1 skipped, later ones run']);
  });

  it('distinct icons per state', () => {
    const ids = Object.values(STATES).map((s) => s.icon.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('values and causes are lazy children of a step', async () => {
    const t = await tree();
    const rows = await t.getChildren(t.fileNode(DECLINED)!);
    const pay = rows.find((n) => n.kind === 'step' && n.key === 'payment:cart-1001')!;
    const children = await t.getChildren(pay);
    assert.deepEqual(children.map((n) => t.getTreeItem(n).label), ['error', 'cause', 'meta', 'ok']);
    const error = await t.getChildren(children[0]!);
    assert.deepEqual(error.map((n) => [t.getTreeItem(n).label, t.getTreeItem(n).description]), [['type', '"CARD_DECLINED"'], ['declineCode', '"insufficient_funds"']]);
    assert.equal(t.getParent(error[0]!), children[0]);
  });

  it('unknown keys: a renamed step shows as unknown', async () => {
    const renamed = uriOf(path.join(EXAMPLE, 'snapshots/checkout-renamed-step.json'));
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    const plan = serverPlan(renamed);
    assert.deepEqual(plan.unknown.map((u) => u.key), ['reserveInventory']);
    const t = new SnapshotTreeProvider(store, async () => plan);
    const rows = await t.getChildren(t.fileNode(renamed)!);
    const row = rows.find((n): n is StepNode => n.kind === 'step' && n.key === 'reserveInventory')!;
    assert.equal(row.state, 'unknown');
  });

  it('without a plan, rows are pending and the tree still renders', async () => {
    const t = await tree(null);
    const rows = await t.getChildren(t.fileNode(DECLINED)!);
    assert.ok(rows.filter((n) => n.kind === 'step').every((n) => (n as StepNode).state === 'pending'));
  });

  it('pages long lists: first 1,000 rows, then Load more', async () => {
    const steps: Record<string, unknown> = {};
    for (let i = 0; i < 2500; i++) steps[`k${i}`] = { ok: true, value: i };
    const text = JSON.stringify({ formatVersion: 1, steps, execution: { status: 'running', lastUpdated: '2026-11-20T14:03:00.000Z' } });
    const store = new SnapshotStore({ list: async () => [], read: async () => text });
    store.set(parseSnapshotDoc('file:///big.json', text)!);
    const t = new SnapshotTreeProvider(store);
    const file = t.fileNode('file:///big.json')!;
    let rows = await t.getChildren(file);
    assert.equal(rows.filter((n) => n.kind === 'step').length, 1000);
    const more = rows.at(-1)! as Node;
    assert.equal(more.kind, 'loadMore');
    assert.equal(t.getTreeItem(more).description, '1,000 of 2,500 shown');
    t.loadMore(file.id);
    rows = await t.getChildren(file);
    assert.equal(rows.filter((n) => n.kind === 'step').length, 2000);
    const row = await t.stepRow('file:///big.json', 'k2400');
    assert.ok(row);
  });

  it('after-line texts and decorations', async () => {
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    const doc = store.get(DECLINED)!;
    assert.equal(afterLineText('skipped', {}, '2026-11-20T14:03:59.000Z'), 'skipped · cached 2026-11-20 14:03');
    assert.equal(afterLineText('runs', undefined, undefined), 'runs');
    const decos = decorationsFor(PLAN, doc, SRC);
    assert.equal(decos.length, 7);
    assert.equal(decos[4]!.text, 'replays failure: CARD_DECLINED');
    assert.match(decos[0]!.text, /^skipped · cached \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.deepEqual(decorationsFor(PLAN, doc, 'file:///elsewhere.ts'), []);
  });

  it('compares two snapshots: added, removed, changed state', async () => {
    const store = new SnapshotStore(fsSource(EXAMPLE));
    await store.refreshAll();
    const a = store.all().find((d) => d.fileName === 'checkout-payment-declined.json')!;
    const b = store.all().find((d) => d.fileName === 'checkout-completed-last-checkpoint.json')!;
    const c = compareSnapshots(a, null, b, null);
    assert.ok(c.changed.some((x) => x.key === 'payment:cart-1001' && x.from === 'replay-failure' && x.to === 'skipped'));
    assert.ok(c.added.includes('createShipment'));
    const r = store.all().find((d) => d.fileName === 'checkout-renamed-step.json')!;
    const c2 = compareSnapshots(a, null, r, null);
    assert.deepEqual(c2.added, ['reserveInventory']);
    assert.deepEqual(c2.removed, ['reserveStock']);
  });
});
