// Inlay hints over a real connection: at each step call of the active snapshot's workflow, what resuming does
// there, written at the start of the call (readable on long lines, where after-line text is off-screen).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { InlayHintRequest, type InlayHint } from 'vscode-languageserver-protocol';
import { copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

describe('server: inlay hints', function () {
  let client: LspClient;
  let file: string;
  let text: string[];
  const hints = async () => (await client.rpc.sendRequest(InlayHintRequest.type, {
    textDocument: { uri: uriOf(file) }, range: { start: { line: 0, character: 0 }, end: { line: text.length, character: 0 } },
  })) as InlayHint[] | null;
  const on = (all: InlayHint[], call: string) => {
    const line = text.findIndex((l) => l.includes(call));
    assert.ok(line >= 0, call);
    return all.filter((h) => h.position.line === line).map((h) => ({ label: h.label, character: h.position.character }));
  };

  before(async () => {
    const ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
    file = path.join(ws, 'src', 'checkout.ts');
    await client.open(file);
    text = client.text(file).split('\n');
    await client.open(path.join(ws, 'snapshots', 'checkout-payment-declined.json'));
  });
  after(async () => {
    await client.stop();
  });

  it('labels each step call of the active snapshot\'s workflow at the start of the call', async () => {
    const all = (await hints()) ?? [];
    const load = on(all, "step('loadCart'");
    assert.deepEqual(load.map((h) => h.label), ['skipped']);
    assert.equal(load[0]!.character, text.find((l) => l.includes("step('loadCart'"))!.indexOf("step('loadCart'"));
    assert.deepEqual(on(all, "step('chargeCard'").map((h) => h.label), ['replays failure: CARD_DECLINED']);
    assert.deepEqual(on(all, "step('createShipment'").map((h) => h.label), ['not reached']);
    assert.deepEqual(on(all, "step.retry('quoteShipping'").map((h) => h.label), ['runs']);
  });

  it('gives none in a file without a step of the active workflow', async () => {
    const other = path.join(path.dirname(file), 'onboarding.ts');
    await client.open(other);
    const r = (await client.rpc.sendRequest(InlayHintRequest.type, { textDocument: { uri: uriOf(other) }, range: { start: { line: 0, character: 0 }, end: { line: 500, character: 0 } } })) as InlayHint[] | null;
    assert.deepEqual(r ?? [], []);
  });
});
