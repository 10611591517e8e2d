// Bad input never takes the server down: malformed requests, unknown files, positions past the end, broken
// JSON mid-typing, bad command arguments; errors reach the client's log as readable messages; stale requests
// are cancelled.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { CodeLensRequest, ExecuteCommandRequest, HoverRequest, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { ReplayPlanRequest, ServerStatsRequest } from '../src/protocol/requests';
import { codes, copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

describe('server: robustness', function () {
  let ws: string;
  let client: LspClient;

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
    await client.open(path.join(ws, 'src', 'checkout.ts'));
    await client.diagnostics(path.join(ws, 'src', 'checkout.ts'));
  });
  after(async () => {
    await client.stop();
  });

  async function alive(): Promise<void> {
    const stats = await client.rpc.sendRequest(ServerStatsRequest.type, null);
    assert.ok(stats.heapUsed > 0);
    assert.equal(client.child.exitCode, null);
  }

  it('answers requests about unknown documents, other schemes and impossible positions with empty results', async () => {
    assert.equal(await client.hover(path.join(ws, 'nope.ts'), { line: 0, character: 0 }), null);
    assert.equal(await client.hover(path.join(ws, 'src', 'checkout.ts'), { line: 99999, character: 5 }), null);
    assert.deepEqual(await client.codeLenses(path.join(ws, 'missing.ts')), []);
    assert.deepEqual(await client.definition(path.join(ws, 'src', 'checkout.ts'), { line: -1, character: -1 }), []);
    assert.equal(await client.rpc.sendRequest(HoverRequest.type, { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: 42 as unknown as string }), null);
    await alive();
  });

  it('reports malformed command arguments in the log, readably, and keeps running', async () => {
    const before = client.logs.length;
    await client.rpc.sendRequest(ExecuteCommandRequest.type, { command: 'awaitlyLens.updateLock', arguments: [{ not: 'a uri' }] });
    const log = client.logs.slice(before).map((l) => l.message).join('\n');
    assert.match(log, /awaitly-lens: executeCommand failed: Error: awaitlyLens\.updateLock expects \[documentUri, workflowId\]/);
    await alive();
  });

  it('handles broken JSON while a snapshot is being typed', async () => {
    const file = path.join(ws, 'snapshots', 'checkout-payment-declined.json');
    const doc = await client.open(file);
    await client.diagnostics(file);
    const text = doc.getText();
    for (const cut of [200, 1000, text.length - 3]) {
      await client.change(file, [{ text: text.slice(0, cut) }]);
      assert.ok(codes(await client.diagnostics(file)).includes('invalid-json'));
    }
    await client.change(file, [{ text }]);
    assert.deepEqual(codes(await client.diagnostics(file)), ['replays-stored-failure']);
    await alive();
  });

  it('survives source text that is not TypeScript at all', async () => {
    const file = path.join(ws, 'src', 'garbage.ts');
    await client.open(file, '\u0000\u0001 }}}{{{ <<<>>> step(step(step( `${`${`');
    // No workflow can be found in it, so there is nothing to report (and the server keeps answering).
    assert.deepEqual(await client.diagnostics(file), []);
    await alive();
  });

  it('cancels a request the client no longer wants', async () => {
    // A code lens waits for a 250 ms pause after the last edit, so the cancellation always arrives while it
    // waits (a hover could be answered before the cancel notification is even read: a race, not a test).
    const file = path.join(ws, 'src', 'checkout.ts');
    await client.change(file, [{ text: `${client.text(file)}\n// edited\n` }]);
    const source = new CancellationTokenSource();
    const pending = client.rpc.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(file) } }, source.token);
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === LSPErrorCodes.RequestCancelled);
    await alive();
  });
});
