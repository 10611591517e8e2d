// awaitlyLens/snapshotStates: the explorer's state of a snapshot and its counts are the server's own
// diagnostics for it (what Problems shows once the file is open), never a second count.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { SnapshotFilesRequest, SnapshotStatesRequest } from '../src/protocol/requests';
import { URI } from 'vscode-uri';
import { copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

describe('server: snapshot states (tree rows and filter)', function () {
  this.timeout(120000);
  let ws: string;
  let client: LspClient;
  const file = (name: string) => path.join(ws, 'snapshots', name);
  const states = (names: string[]) => client.rpc.sendRequest(SnapshotStatesRequest.type, { uris: names.map((n) => uriOf(file(n))) });

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
  });
  after(async () => client?.stop());

  it('lists the snapshot files of the workspace (the explorer\'s files): found by the globs, recognised by content', async () => {
    const files = await client.rpc.sendRequest(SnapshotFilesRequest.type, null);
    assert.deepEqual(files.map((u) => path.relative(ws, URI.parse(u).fsPath)).sort(), [
      'snapshots/checkout-completed-last-checkpoint.json', 'snapshots/checkout-duplicate-step-key.json', 'snapshots/checkout-missing-cause.json',
      'snapshots/checkout-payment-declined.json', 'snapshots/checkout-renamed-step.json', 'snapshots/onboarding-mid-run.json',
    ]);
  });

  it('names the state of each example snapshot; an unknown step is never clean', async () => {
    const names = ['checkout-payment-declined.json', 'checkout-missing-cause.json', 'checkout-renamed-step.json', 'notes.json'];
    const [declined, missing, renamed, notes] = await states(names);
    assert.equal(declined!.state, 'replays-failure');
    assert.equal(declined!.failure, 'CARD_DECLINED');
    assert.equal(missing!.state, 'invalid');
    assert.ok(missing!.errors > 0);
    assert.ok(renamed!.states.includes('unknown-keys'), JSON.stringify(renamed));
    assert.ok(renamed!.unknownKeys > 0);
    assert.ok(!renamed!.states.includes('clean'));
    assert.equal(notes, null, 'not a snapshot');
  });

  it('its counts are the diagnostics the server publishes for the open file', async () => {
    for (const name of ['checkout-renamed-step.json', 'checkout-missing-cause.json', 'checkout-duplicate-step-key.json']) {
      const [s] = await states([name]);
      await client.open(file(name));
      // The published set once definition hashes are in (the deferred pass), like the count's.
      let published = await client.diagnostics(file(name));
      for (let i = 0; i < 50 && published.length !== s!.errors + s!.warnings + s!.infos; i++) {
        await new Promise((r) => setTimeout(r, 100));
        published = await client.diagnostics(file(name));
      }
      const n = (sev: DiagnosticSeverity) => published.filter((d) => d.severity === sev).length;
      assert.deepEqual([s!.errors, s!.warnings, s!.infos], [n(DiagnosticSeverity.Error), n(DiagnosticSeverity.Warning), n(DiagnosticSeverity.Information)], name);
      await client.close(file(name));
    }
  });
});
