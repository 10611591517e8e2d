// In-host tests: run by index.ts inside the real VS Code extension host (code-server 4.100.3), with the
// extension under development and a copy of the example workspace open. They talk to the extension through the
// API its activate() returns (the store, the tree model, the tree view, the active snapshot, the decorations).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LensApi } from '../../src/extension';
import type { Node, StepNode } from '../../src/snapshots/nodes';
import type { SnapshotStateResult } from '../../../server/src/protocol/requests';

const ws = () => vscode.workspace.workspaceFolders![0]!.uri;
const file = (rel: string) => vscode.Uri.joinPath(ws(), rel);

async function until<T>(what: string, test: () => T | Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await test();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let api: LensApi;
const ctx = () => api.ctx;
const payment = () => file('snapshots/checkout-payment-declined.json').toString();

async function stepRows(uri: string): Promise<StepNode[]> {
  const fileNode = ctx().tree.fileNode(uri);
  assert.ok(fileNode, `no row for ${uri}`);
  return (await ctx().tree.getChildren(fileNode)).filter((n): n is StepNode => n.kind === 'step');
}

describe('awaitly-lens in the extension host', function () {
  this.timeout(90_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<LensApi>('awaitly-lens.awaitly-lens');
    assert.ok(ext, 'the extension is installed in the host');
    api = await ext.activate();
    await until('the store to load', () => ctx().store.isLoaded);
    await until('the language server', () => ctx().client.isRunning(), 60_000);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('awaitlyLens.clearActiveSnapshot');
  });

  it('activates and registers every command of the manifest', async () => {
    const ext = vscode.extensions.getExtension('awaitly-lens.awaitly-lens')!;
    assert.equal(ext.isActive, true);
    const manifest = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command) as string[];
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(manifest.filter((c) => !registered.has(c)), []);
    assert.ok(manifest.length >= 13);
  });

  it('lists the example snapshots (found by content; notes.json is not one)', async () => {
    const roots = await ctx().tree.getChildren();
    const names = roots.map((n) => (n.kind === 'file' ? n.doc.fileName : n.kind)).sort();
    assert.deepEqual(names, [
      'checkout-completed-last-checkpoint.json',
      'checkout-duplicate-step-key.json',
      'checkout-missing-cause.json',
      'checkout-payment-declined.json',
      'checkout-renamed-step.json',
      'onboarding-mid-run.json',
    ]);
    const missing = roots.find((n) => n.kind === 'file' && n.doc.fileName === 'checkout-missing-cause.json')!;
    const item = ctx().tree.getTreeItem(missing);
    // Labelled by file name, without the prefix the workflow's snapshot files share (several runs share a workflow name).
    assert.equal(item.label, 'missing-cause');
    assert.match(item.description ?? '', /1 error/);
    assert.match(item.contextValue, /invalid/);
  });

  it('shows each step row of a real snapshot with its replay state against the code', async () => {
    const rows = await stepRows(payment());
    const states = Object.fromEntries(rows.map((r) => [r.key, r.state]));
    assert.equal(states['loadCart'], 'skipped');
    assert.equal(states['reserveStock'], 'skipped');
    assert.equal(states['payment:cart-1001'], 'replay-failure');
    const failure = ctx().tree.getTreeItem(rows.find((r) => r.key === 'payment:cart-1001')!);
    assert.match(failure.description ?? '', /replays failure: CARD_DECLINED/);
    assert.match(failure.contextValue, /hasCode/);
    const renamed = Object.fromEntries((await stepRows(file('snapshots/checkout-renamed-step.json').toString())).map((r) => [r.key, r.state]));
    assert.equal(renamed['reserveInventory'], 'unknown');
  });

  it('reveals a step row in the tree view and selects its key in the JSON', async () => {
    const row = (await stepRows(payment())).find((r) => r.key === 'payment:cart-1001')!;
    // The workbench reports the selection back after reveal() resolves (as in "go to step in code" below): wait for
    // it. In one fresh-clone CI run it never came (10 s). Logging the view's events here showed the workbench
    // sometimes reports an empty selection ~200 ms after the reveal, with no tree change in between; the cause is not
    // known. Reveal again then, at most three times, as a user would click again.
    const selected = () => (ctx().treeView.selection[0] as Node | undefined)?.id === row.id;
    for (let attempt = 1; ; attempt++) {
      await ctx().treeView.reveal(row, { select: true, focus: false });
      assert.ok(ctx().treeView.visible);
      try {
        await until('the revealed row selected', selected, 5_000);
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    const item = ctx().tree.getTreeItem(row);
    assert.equal(item.command?.command, 'awaitlyLens.revealInSnapshot');
    const range = await vscode.commands.executeCommand<vscode.Range>(item.command!.command, ...item.command!.arguments);
    assert.ok(range, 'a range');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), payment());
    assert.equal(editor.document.getText(editor.selection), '"payment:cart-1001"');
    assert.ok(editor.selection.isEqual(range));
  });

  it('set active snapshot: decorations on the step calls and the status bar; clear removes them', async () => {
    const code = await vscode.window.showTextDocument(file('src/checkout.ts'));
    const uri = code.document.uri.toString();
    await vscode.commands.executeCommand('awaitlyLens.setActiveSnapshot', payment());
    assert.equal(ctx().active.uri?.toString(), payment());
    const applied = await until('decorations', () => ctx().decorations.applied.get(uri));
    const states = applied.map((d) => d.state);
    assert.ok(states.includes('skipped'));
    assert.ok(states.includes('replay-failure'));
    const failure = applied.find((d) => d.state === 'replay-failure')!;
    assert.equal(failure.text, 'replays failure: CARD_DECLINED');
    assert.match(code.document.lineAt(failure.line).text, /chargeCard/);
    assert.match(ctx().active.statusText, /checkout-payment-declined\.json: 3 skipped · 1 replays failure/);

    await vscode.commands.executeCommand('awaitlyLens.clearActiveSnapshot');
    assert.equal(ctx().active.uri, undefined);
    assert.equal(ctx().decorations.applied.get(uri), undefined);
    assert.match(ctx().active.statusText, /no active snapshot/);
  });

  it('show replay plan opens one read-only webview (no Untitled document), reused for the next plan', async () => {
    const untitled = () => vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    const before = untitled();
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('awaitlyLens.showReplayPlan', payment());
    assert.ok(panel);
    assert.equal(panel.viewType, 'awaitlyLens.replayPlan');
    assert.match(panel.webview.html, /<code>payment:cart-1001<\/code>/);
    assert.match(panel.webview.html, /replays failure/);
    assert.match(panel.webview.html, /content="default-src 'none';/);
    assert.equal(panel.webview.options.enableScripts, false);
    assert.equal(untitled(), before);
    const again = await vscode.commands.executeCommand<vscode.WebviewPanel>('awaitlyLens.showReplayPlan', file('snapshots/checkout-completed-last-checkpoint.json').toString());
    assert.equal(again, panel);
    assert.match(panel.title, /checkout-completed-last-checkpoint\.json/);
    panel.dispose();
  });

  it('compare two snapshots opens the comparison in a webview', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('awaitlyLens.compareSnapshots', payment(), file('snapshots/checkout-completed-last-checkpoint.json').toString());
    assert.ok(panel);
    assert.equal(panel.viewType, 'awaitlyLens.compare');
    assert.match(panel.webview.html, /payment:cart-1001/);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, 0);
    panel.dispose();
  });

  it('awaitlyLens.decorations.enabled = false removes the gutter icons and after-line texts; true brings them back', async () => {
    const config = vscode.workspace.getConfiguration('awaitlyLens');
    const code = await vscode.window.showTextDocument(file('src/checkout.ts'));
    const uri = code.document.uri.toString();
    await vscode.commands.executeCommand('awaitlyLens.setActiveSnapshot', payment());
    await until('decorations', () => ctx().decorations.applied.get(uri));
    try {
      await config.update('decorations.enabled', false, vscode.ConfigurationTarget.Workspace);
      await until('no decorations', () => !ctx().decorations.applied.get(uri));
      await vscode.commands.executeCommand('awaitlyLens.setActiveSnapshot', payment());
      assert.equal(ctx().decorations.applied.get(uri), undefined);
    } finally {
      await config.update('decorations.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('decorations again', () => ctx().decorations.applied.get(uri));
  });

  it('go to step in code opens the step call; show in snapshot explorer finds its row again', async () => {
    const row = (await stepRows(payment())).find((r) => r.key === 'payment:cart-1001')!;
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('awaitlyLens.goToStepInCode', row);
    assert.ok(editor);
    assert.match(editor.document.uri.path, /src\/checkout\.ts$/);
    assert.match(editor.document.lineAt(editor.selection.start.line).text, /chargeCard/);

    await vscode.commands.executeCommand('awaitlyLens.setActiveSnapshot', payment());
    await vscode.window.showTextDocument(editor.document, { selection: editor.selection });
    assert.equal(await vscode.commands.executeCommand('awaitlyLens.showInSnapshotExplorer'), true);
    // The workbench reports the new selection back to the extension host after reveal() resolves: wait for it (a
    // redraw that dropped the selection would still fail here, by timeout).
    await until('the step row selected', () => (ctx().treeView.selection[0] as StepNode | undefined)?.key === 'payment:cart-1001', 10_000);
  });

  it('validate all snapshots puts the problems of closed files in the Problems panel', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const r = await vscode.commands.executeCommand<{ files: number; errors: number; warnings: number; infos: number }>('awaitlyLens.validateAllSnapshots');
    assert.equal(r.files, 6);
    assert.ok(r.errors >= 1);
    const diags = vscode.languages.getDiagnostics(file('snapshots/checkout-missing-cause.json'));
    assert.ok(diags.some((d) => d.severity === vscode.DiagnosticSeverity.Error), JSON.stringify(diags));
    // One source for every count: the command's totals are the server's (the tree's) counts, and Problems holds
    // exactly those diagnostics for each closed file (the command used to count its own, fewer, findings).
    const uris = ctx().store.all().map((d) => d.uri);
    // By method name: this test bundle's copy of the RequestType class is not the client's.
    const states = (await ctx().client.sendRequest<Array<SnapshotStateResult | null>>('awaitlyLens/snapshotStates', { uris })).filter((s) => s !== null);
    const sum = (k: 'errors' | 'warnings' | 'infos') => states.reduce((n, s) => n + s[k], 0);
    assert.deepEqual({ errors: r.errors, warnings: r.warnings, infos: r.infos }, { errors: sum('errors'), warnings: sum('warnings'), infos: sum('infos') });
    for (const s of states) {
      const shown = vscode.languages.getDiagnostics(vscode.Uri.parse(s.uri)).filter((d) => d.source === 'awaitly-lens');
      assert.equal(shown.length, s.errors + s.warnings + s.infos, s.uri);
    }
  });

  it('update the lock for a workflow writes the missing entry to the lock file', async () => {
    const lock = file('awaitly-lens.lock.json');
    const data = JSON.parse(fs.readFileSync(lock.fsPath, 'utf8'));
    const entry = data.workflows.checkout;
    delete data.workflows.checkout;
    fs.writeFileSync(lock.fsPath, JSON.stringify(data, null, 2));
    await vscode.window.showTextDocument(file('src/checkout.ts'));
    // The server re-reads the lock when it changes on disk; until then its lens says "locked" and has no command.
    await until('the lock lens to offer the update', async () => (await vscode.commands.executeCommand('awaitlyLens.updateLockForWorkflow')) === true, 60_000);
    // The editor saves the lock file in place: a read can see it half-written (empty), so wait for whole JSON.
    const readLock = () => {
      try {
        return JSON.parse(fs.readFileSync(lock.fsPath, 'utf8'));
      } catch {
        return undefined;
      }
    };
    const written = await until('the checkout entry back in the lock file', () => readLock()?.workflows.checkout);
    assert.equal(written.hash, entry.hash);
  });

  it('open settings and refresh run without errors', async () => {
    await vscode.commands.executeCommand('awaitlyLens.openSettings');
    await vscode.commands.executeCommand('awaitlyLens.refreshSnapshots');
    assert.equal((await ctx().tree.getChildren()).length, 6);
  });

  it('a repeated JSON key is reported once: by VS Code\'s JSON service, not a second time by the server', async () => {
    const text = fs.readFileSync(file('snapshots/checkout-missing-cause.json').fsPath, 'utf8')
      .replace('"formatVersion": 1,', '"formatVersion": 1,\n  "workflowName": "checkout-cart-1001",');
    const dup = file('snapshots/duplicate-key.snapshot.json');
    fs.writeFileSync(dup.fsPath, text);
    const doc = await vscode.workspace.openTextDocument(dup);
    await vscode.window.showTextDocument(doc);
    try {
      const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'awaitly-lens');
      // The server has checked it once its missing-cause error is there.
      await until('the server\'s diagnostics', () => ours().some((d) => d.code !== undefined && JSON.stringify(d.code).includes('missing-required-field')));
      await until('VS Code\'s duplicate-key warning', () => vscode.languages.getDiagnostics(doc.uri).some((d) => d.source !== 'awaitly-lens' && /duplicate/i.test(d.message)));
      assert.deepEqual(ours().filter((d) => JSON.stringify(d.code).includes('duplicate-key')), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(dup.fsPath, { force: true });
    }
  });

  it('an invalid snapshot file gets a row that says invalid, and its problem', async () => {
    const bad = file('snapshots/broken.snapshot.json');
    fs.writeFileSync(bad.fsPath, '{ "formatVersion": 1, "workflowName": "broken-run", "steps": { "a": { "ok": true, "value": 1 } ');
    try {
      const node = await until('the broken file in the store', async () => {
        await ctx().store.update(bad.toString());
        return ctx().tree.fileNode(bad.toString());
      });
      const item = ctx().tree.getTreeItem(node);
      // The state text says invalid (with the error count when the row has room for it).
      assert.match(item.description ?? '', /^invalid\b/);
      assert.match(item.contextValue, /invalid/);
      const children = await ctx().tree.getChildren(node);
      assert.ok(children.some((c) => c.kind === 'problem'), children.map((c) => c.kind).join());
    } finally {
      fs.rmSync(bad.fsPath, { force: true });
      ctx().store.remove(bad.toString());
    }
  });

  it('a huge snapshot file (20,000 steps) is paged: 1,000 rows, then "Load more"', async () => {
    const huge = file('snapshots/huge.snapshot.json');
    const steps: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) steps[`item:${i}`] = { ok: true, value: { i, name: `item ${i}` } };
    fs.writeFileSync(huge.fsPath, JSON.stringify({ formatVersion: 1, workflowName: 'huge-batch', steps, execution: { status: 'running', lastUpdated: '2026-11-20T14:03:00.000Z' } }, null, 2));
    try {
      const t0 = Date.now();
      const node = await until('the huge file in the store', async () => {
        await ctx().store.update(huge.toString());
        return ctx().tree.fileNode(huge.toString());
      });
      const children = await ctx().tree.getChildren(node);
      const ms = Date.now() - t0;
      assert.equal(children.filter((c) => c.kind === 'step').length, 1000);
      const more = children.at(-1)!;
      assert.equal(more.kind, 'loadMore');
      await vscode.commands.executeCommand('awaitlyLens.loadMore', node.id);
      const next = await ctx().tree.getChildren(node);
      assert.equal(next.filter((c) => c.kind === 'step').length, 2000);
      assert.ok(ms < 30_000, `${ms} ms`);
    } finally {
      fs.rmSync(huge.fsPath, { force: true });
      ctx().store.remove(huge.toString());
    }
  });

  it('"Fix all awaitly problems in file" (source.fixAll) is offered by the real client and its edit clears the fixable problems', async () => {
    const uri = file('src/checkout.ts');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const fixable = ['colliding-step-keys', 'immediate-step-execution', 'unrestored-step'];
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'awaitly-lens');
    try {
      await until('the fixable findings', () => fixable.every((c) => ours().some((d) => codeOf(d) === c)));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll');
      const all = actions.filter((a) => a.kind?.value === 'source.fixAll.awaitly-lens');
      assert.equal(all.length, 1, actions.map((a) => `${a.kind?.value} ${a.title}`).join('; '));
      assert.match(all[0]!.title, /^Fix all awaitly problems in file \(\d+\)$/);
      assert.ok(all[0]!.edit && (await vscode.workspace.applyEdit(all[0]!.edit)));
      await until('the fixed findings gone', () => ours().every((d) => !fixable.includes(codeOf(d))) ? true : undefined, 30_000);
      assert.match(doc.getText(), /\(\) => deps\.reserveStock\(cart\.items\)/);
    } finally {
      // Leave the example as it was for the other tests (and the next run).
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
