// Lenses and inlay hints read the lock file, the snapshots and (for a folder opened at its open documents) the rest of
// the project; a client asks for them again when their document changes, not when those do. The server asks it to
// (workspace/codeLens/refresh, workspace/inlayHint/refresh) where it says it can, once a burst of changes pauses.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRefreshRequest, InlayHintRefreshRequest, type ClientCapabilities } from 'vscode-languageserver-protocol';
import { copyWorkspace, EXAMPLE, LspClient } from './helper';

describe('server: lenses and hints asked for again when what they read changes', function () {
  this.timeout(120_000);
  const refreshing: ClientCapabilities = {
    workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } },
    textDocument: { publishDiagnostics: { versionSupport: true } },
  };
  const settle = () => new Promise((r) => setTimeout(r, 700));

  it('after the folder is made whole, a snapshot opened, and the lock changed on disk; the lenses then show it', async () => {
    const ws = copyWorkspace(EXAMPLE);
    const client = await LspClient.start({ folders: [ws], capabilities: refreshing });
    const asked = { lens: 0, hints: 0 };
    client.rpc.onRequest(CodeLensRefreshRequest.type, () => void asked.lens++);
    client.rpc.onRequest(InlayHintRefreshRequest.type, () => void asked.hints++);
    try {
      const file = path.join(ws, 'src', 'checkout.ts');
      await client.open(file);
      await client.diagnostics(file);
      await client.log(/joined the analysis in \d+ ms/);
      await settle();
      assert.ok(asked.lens >= 1 && asked.hints >= 1, `after the widening: ${JSON.stringify(asked)}`);

      asked.lens = asked.hints = 0;
      await client.open(path.join(ws, 'snapshots', 'checkout-payment-declined.json'));
      await settle();
      assert.deepEqual(asked, { lens: 1, hints: 1 }, 'one of each for the burst');
      assert.equal((await client.codeLenses(file))?.length, 2, 'the snapshot\'s replay lens');

      asked.lens = asked.hints = 0;
      const lockFile = path.join(ws, 'awaitly-lens.lock.json');
      const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { workflows: Record<string, { hash: string }> };
      lock.workflows.checkout!.hash = `v1:${'0'.repeat(64)}`;
      fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2));
      await client.fileChanged(lockFile);
      await settle();
      assert.equal(asked.lens, 1);
      assert.match((await client.codeLenses(file))?.[0]?.command?.title ?? '', /lock: changed/);
    } finally {
      await client.stop();
    }
  });

  it('never asks a client that did not say it can', async () => {
    const ws = copyWorkspace(EXAMPLE);
    const client = await LspClient.start({ folders: [ws] });
    let asked = 0;
    client.rpc.onRequest(CodeLensRefreshRequest.type, () => void asked++);
    client.rpc.onRequest(InlayHintRefreshRequest.type, () => void asked++);
    try {
      const file = path.join(ws, 'src', 'checkout.ts');
      await client.open(file);
      await client.diagnostics(file);
      await client.log(/joined the analysis in \d+ ms/);
      await client.open(path.join(ws, 'snapshots', 'checkout-payment-declined.json'));
      await settle();
      assert.equal(asked, 0);
    } finally {
      await client.stop();
    }
  });
});
