// activate(): where awaitly is used (activation.ts), the store and explorer, commands, decorations, the status
// bar item and the language client; elsewhere nothing but a watcher and command stubs until it is.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { ReplayPlanRequest, SnapshotFilesRequest, SnapshotStatesRequest, type ReplayPlanResult } from '../../server/src/protocol/requests';
import { ActiveSnapshot } from './activeSnapshot';
import { createClient, notifySettingsChanged } from './client';
import { registerCommands } from './commands';
import type { LensContext } from './context';
import { ReplayDecorations } from './decorations/replay';
import { SnapshotStore } from './snapshots/store';
import { SnapshotTreeProvider } from './snapshots/treeProvider';
import { SnapshotTreeDataProvider } from './snapshots/treeView';
import { workspaceSource } from './snapshots/workspaceSource';
import { registerStores, storeClient } from './snapshots/stores';
import { registerStateFilter } from './snapshots/stateFilter';
import { signal } from './testState';
import { createViews } from './views';
import { awaitlyInUse, WATCH_GLOB } from './activation';

export interface LensApi {
  /** Set once the extension has started (awaitly is used); read it after activate() resolved. */
  ctx: LensContext;
  inUse: boolean;
}

let lens: LensContext | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<LensApi> {
  const api: LensApi = {
    get ctx() {
      return lens!;
    },
    get inUse() {
      return !!lens;
    },
  };
  const reason = await awaitlyInUse();
  if (reason) {
    start(context, reason);
    return api;
  }
  // Not an awaitly workspace: no server, no views, no status bar item. Start when that changes, or when one of
  // the extension's commands is run anyway (the stubs start it, then run the real command).
  void vscode.commands.executeCommand('setContext', 'awaitlyLens.inUse', false);
  const watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);
  const ids = ((context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? []).map((c) => c.command);
  const stubs: vscode.Disposable[] = [];
  let started = false;
  const startNow = (why: string) => {
    if (started) return;
    started = true;
    watcher.dispose();
    for (const s of stubs.splice(0)) s.dispose();
    start(context, why);
  };
  for (const id of ids) {
    stubs.push(vscode.commands.registerCommand(id, (...args: unknown[]) => {
      startNow(`the command ${id}`);
      return vscode.commands.executeCommand(id, ...args);
    }));
  }
  const recheck = async () => {
    const why = started ? undefined : await awaitlyInUse();
    if (why) startNow(why);
  };
  context.subscriptions.push(watcher, watcher.onDidCreate(recheck), watcher.onDidChange(recheck), { dispose: () => stubs.forEach((s) => s.dispose()) });
  signal('gated', true);
  return api;
}

function start(context: vscode.ExtensionContext, reason: string): void {
  void vscode.commands.executeCommand('setContext', 'awaitlyLens.inUse', true);
  const output = vscode.window.createOutputChannel('awaitly-lens', { log: true });
  output.info(`awaitly-lens: started (${reason})`);
  // Which files are snapshots: the server's answer (core's source layer), asked once it runs.
  const store = new SnapshotStore(workspaceSource(async () => (await waitRunning(client), client.sendRequest(SnapshotFilesRequest.type, null))));
  let activeUri: () => vscode.Uri | undefined = () => undefined;
  const client = createClient(context, () => activeUri(), output);

  const planOf = async (uri: string, workflow?: string): Promise<ReplayPlanResult | null> => {
    if (client.state !== State.Running) await waitRunning(client);
    return client.sendRequest(ReplayPlanRequest.type, { snapshotUri: uri, ...(workflow ? { workflow } : {}) });
  };

  const stores = storeClient(client, () => waitRunning(client));
  const states = async (uris: string[]) => (await waitRunning(client), client.sendRequest(SnapshotStatesRequest.type, { uris }));
  const tree = new SnapshotTreeProvider(store, (uri) => planOf(uri), undefined, { stores, states });
  const dataProvider = new SnapshotTreeDataProvider(tree, (node, count) => signal(node ? `rendered:${node.id}` : 'rendered:root', count));
  const treeView = vscode.window.createTreeView('awaitlyLens.snapshots', { treeDataProvider: dataProvider, showCollapseAll: true, canSelectMany: true });
  const decorations = new ReplayDecorations(vscode.Uri.joinPath(context.extensionUri, 'extension', 'media'));
  const active = new ActiveSnapshot(store, decorations, (uri) => planOf(uri));
  activeUri = () => active.uri;
  const validation = vscode.languages.createDiagnosticCollection('awaitly-lens-validate');

  const views = createViews();
  lens = { extension: context, store, tree, treeView, active, decorations, client, validation, output, planOf, views };
  context.subscriptions.push(output, dataProvider, treeView, decorations, active, validation, views, ...registerCommands(lens));
  context.subscriptions.push(...registerStores(tree, stores, store, output), ...registerStateFilter(tree), active.onDidChange((u) => tree.setActive(u?.toString())));

  // Keep the store in step with the disk and with unsaved edits.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
  const onDisk = (uri: vscode.Uri) => {
    if (!uri.path.includes('/node_modules/')) void store.update(uri.toString());
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(onDisk),
    watcher.onDidChange(onDisk),
    watcher.onDidDelete((uri) => store.remove(uri.toString())),
    vscode.workspace.onDidRenameFiles((e) => {
      for (const f of e.files) void store.rename(f.oldUri.toString(), f.newUri.toString());
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === 'json' && e.contentChanges.length) void store.update(e.document.uri.toString(), e.document.getText());
    }),
    vscode.workspace.onDidOpenTextDocument((d) => validation.delete(d.uri)),
    vscode.workspace.onDidSaveTextDocument((d) => {
      // Code changed: replay states may differ.
      if (d.languageId !== 'json') {
        tree.refresh();
        void active.reload();
      }
    }),
    store.onDidChange((changed) => {
      const a = active.uri?.toString();
      if (a && changed.includes(a)) void active.reload();
    }),
    active.onDidChange(() => void notifySettingsChanged(client)),
    // An open timeline follows the active snapshot.
    active.onDidChange((uri) => {
      if (uri && views.timeline.current) void vscode.commands.executeCommand('awaitlyLens.showTimeline', uri.toString());
    }),
    vscode.window.onDidChangeVisibleTextEditors((editors) => decorations.refresh(editors)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('awaitlyLens.snapshotGlobs')) void store.refreshAll();
      if (e.affectsConfiguration('awaitlyLens.decorations.enabled')) decorations.refresh();
    }),
    { dispose: () => void client.stop() },
  );

  void store.refreshAll().then(() => signal('storeLoaded', store.all().length));
  client.start().then(
    () => signal('serverRunning'),
    (e) => output.appendLine(`awaitly-lens: the language server did not start: ${e instanceof Error ? e.message : String(e)}`),
  );
  signal('activated');
}

function waitRunning(client: ReturnType<typeof createClient>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.state === State.Running) return resolve();
    const sub = client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        sub.dispose();
        resolve();
      } else if (e.newState === State.Stopped && e.oldState === State.Running) {
        sub.dispose();
        reject(new Error('the language server stopped'));
      }
    });
  });
}

export async function deactivate(): Promise<void> {
  await lens?.client.stop();
  lens = undefined;
}
