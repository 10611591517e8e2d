// Code lenses, symbols, navigation and the awaitlyLens/replayPlan request over a real connection.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DocumentSymbol, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { ReplayPlanRequest } from '../src/protocol/requests';
import { at, copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

describe('server: code lens, symbols, navigation, replay plan', function () {
  let ws: string;
  let client: LspClient;
  let file: string;
  let text: string;
  const snap = (f: string) => path.join(ws, 'snapshots', f);

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
    file = path.join(ws, 'src', 'checkout.ts');
    await client.open(file);
    await client.diagnostics(file);
    text = client.text(file);
  });
  after(async () => {
    await client.stop();
  });

  it('code lens: short definition hash and lock status, then the replay summary of the active snapshot', async () => {
    const before = (await client.codeLenses(file)) ?? [];
    assert.equal(before.length, 1);
    assert.match(before[0]!.command!.title, /^awaitly-lens #[0-9a-f]{8} · lock: unchanged$/);
    assert.equal(before[0]!.range.start.line, at(text).lineContaining("= createWorkflow('checkout'").line);

    await client.open(snap('checkout-payment-declined.json'));
    const lenses = (await client.codeLenses(file)) ?? [];
    assert.equal(lenses.length, 2);
    assert.equal(lenses[1]!.command!.title, 'checkout-payment-declined.json: 3 skipped · 1 replays failure · 1 runs · 2 not reached');
    assert.equal(lenses[1]!.command!.command, 'awaitlyLens.showReplayPlan');
    assert.deepEqual(lenses[1]!.command!.arguments, [uriOf(snap('checkout-payment-declined.json')), 'src/checkout.ts#checkout']);

    // An edit that changes the definition shows in the lens at once.
    const line = at(text).lineContaining("step('loadCart'");
    await client.change(file, [{ range: { start: line.characterAt("step('loadCart'"), end: line.characterAt("step('loadCart'") }, text: "await step('audit', () => deps.loadCart(cartId));\n    " }]);
    await client.diagnostics(file);
    const changed = (await client.codeLenses(file)) ?? [];
    assert.match(changed[0]!.command!.title, /lock: changed: \d+ steps? \(breaking\)/);
    assert.equal(changed[0]!.command!.command, 'awaitlyLens.updateLock');
    await client.change(file, [{ text }]);
    await client.diagnostics(file);
  });

  it('code lens of a durable.run(…) workflow sits on the call line, not inside its options object', async () => {
    const onboarding = path.join(ws, 'src', 'onboarding.ts');
    await client.open(onboarding);
    const lenses = (await client.codeLenses(onboarding)) ?? [];
    assert.equal(lenses.length, 1);
    const source = client.text(onboarding);
    assert.deepEqual(lenses[0]!.range.start, at(source).lineContaining('return durable.run(').characterAt('durable.run('));
  });

  it('document symbols: workflows with their steps', async () => {
    const symbols = (await client.documentSymbols(file)) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['checkout']);
    assert.deepEqual(symbols[0]!.children!.map((s) => s.name), ['loadCart', 'priceCart', 'reserveStock', 'quoteShipping', 'chargeCard', 'createShipment', 'sendReceipt']);
    assert.match(symbols[0]!.children![4]!.detail!, /key payment:\$\{…\}/);
  });

  it('workspace symbols: a step by id or by key, across files', async () => {
    const byKey = (await client.workspaceSymbols('payment:')) as SymbolInformation[];
    assert.deepEqual(byKey.map((s) => [s.name, s.containerName]), [['chargeCard (key payment:${…})', 'checkout']]);
    const byId = (await client.workspaceSymbols('sendemail')) as SymbolInformation[];
    assert.equal(byId.length, 2);
    assert.ok(byId.every((s) => s.location.uri === uriOf(path.join(ws, 'src', 'onboarding.ts'))));
  });

  it('go to definition from a key in a snapshot file lands on the step call', async () => {
    const json = snap('checkout-payment-declined.json');
    const jsonText = client.text(json);
    const defs = (await client.definition(json, at(jsonText).lineContaining('"payment:cart-1001"').characterAfter('"paym'))) as Location[];
    assert.equal(defs.length, 1);
    assert.equal(defs[0]!.uri, uriOf(file));
    assert.deepEqual(defs[0]!.range.start, at(text).lineContaining("step('chargeCard'").characterAt("step('chargeCard'"));
    const load = (await client.definition(json, at(jsonText).lineContaining('"loadCart"').characterAfter('"lo'))) as Location[];
    assert.equal(load[0]!.range.start.line, at(text).lineContaining("step('loadCart'").line);
    // Not on a step key: nothing.
    assert.deepEqual(await client.definition(json, at(jsonText).lineContaining('"formatVersion"').characterAfter('"for')), []);
  });

  it('go to definition in a serialized resume state', async () => {
    const rs = path.join(ws, 'snapshots', 'rs.json');
    await client.open(rs, JSON.stringify({ kind: 'ResumeState', steps: [['loadCart', { ok: true, value: {} }], ['reserveStock', { ok: true, value: {} }]] }, null, 2));
    const rsText = client.text(rs);
    const defs = (await client.definition(rs, at(rsText).lineContaining('"reserveStock"').characterAfter('"res'))) as Location[];
    assert.equal(defs[0]?.range.start.line, at(text).lineContaining("'reserveStock',").line - 1);
  });

  it('find references from a step call lists the snapshot files and JSON ranges holding its key', async () => {
    const refs = (await client.references(file, at(text).lineContaining("step('chargeCard'").characterAfter('ste'))) as Location[];
    const files = refs.map((r) => path.basename(r.uri)).sort();
    assert.deepEqual(files, ['checkout-completed-last-checkpoint.json', 'checkout-duplicate-step-key.json', 'checkout-missing-cause.json', 'checkout-payment-declined.json', 'checkout-renamed-step.json']);
    const declined = refs.find((r) => r.uri.endsWith('checkout-payment-declined.json'))!;
    const jsonText = client.text(snap('checkout-payment-declined.json'));
    assert.deepEqual(declined.range.start, at(jsonText).lineContaining('"payment:cart-1001"').characterAt('"payment:cart-1001"'));
    // A workflow's keys are not looked up in another workflow's snapshots.
    const onboarding = path.join(ws, 'src', 'onboarding.ts');
    await client.open(onboarding);
    const oText = client.text(onboarding);
    const oRefs = (await client.references(onboarding, at(oText).lineContaining("step('provisionWorkspace'").characterAfter('ste'), true)) as Location[];
    assert.deepEqual(oRefs.map((r) => path.basename(r.uri)), ['onboarding.ts', 'onboarding-mid-run.json']);
  });

  it('awaitlyLens/replayPlan returns the plan of a snapshot with locations on both sides', async () => {
    const plan = await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: uriOf(snap('checkout-renamed-step.json')) });
    assert.ok(plan);
    assert.equal(plan.workflow.label, 'checkout');
    assert.equal(plan.summary, '2 skipped · 1 replays failure · 2 run · 2 not reached');
    assert.deepEqual(plan.steps.map((s) => s.state), ['skipped', 'skipped', 'runs', 'runs', 'replay-failure', 'not-reached', 'not-reached']);
    assert.equal(plan.steps[0]!.location.uri, uriOf(file));
    assert.ok(plan.steps[0]!.entryRange);
    assert.deepEqual(plan.unknown.map((u) => u.key), ['reserveInventory']);
    assert.ok(plan.unknown[0]!.range);
    assert.equal(await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: uriOf(snap('notes.json')) }), null);
  });
});
