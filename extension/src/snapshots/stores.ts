// The editor side of the stores: the language server's store requests as a StoreClient, the awaitly-store:
// documents (read-only, their text asked of the server, which checks them like snapshot files), and the
// explorer's "Load more" and "Filter by id prefix" on a store.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STORE_SCHEME, StoreRowRequest, StoreRowsRequest, StoresRequest } from '../../../server/src/protocol/requests';
import { SETTINGS_SECTION } from '../../../server/src/protocol/settings';
import { parseSnapshotDoc } from './model';
import type { StoreNode } from './nodes';
import type { SnapshotStore } from './store';
import type { StoreClient } from './storeRows';
import type { SnapshotTreeProvider } from './treeProvider';

export function storeClient(client: LanguageClient, ready: () => Promise<void>): StoreClient {
  return {
    stores: async () => (await ready(), client.sendRequest(StoresRequest.type, null)),
    rows: async (p) => (await ready(), client.sendRequest(StoreRowsRequest.type, p)),
    row: async (uri) => (await ready(), client.sendRequest(StoreRowRequest.type, { uri })),
  };
}

/** Row documents: the server's text (never cached here: reopening reads the row again). */
class StoreDocuments implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly stores: StoreClient,
    private readonly store: SnapshotStore,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const r = await this.stores.row(uri.toString());
    if (r.error !== undefined) {
      this.output.warn(`awaitly-lens: ${r.error}`);
      void vscode.window.showWarningMessage(`awaitly-lens: ${r.error}`);
    }
    if (r.text === undefined) return '';
    const doc = parseSnapshotDoc(uri.toString(), r.text);
    if (doc) this.store.setRow(doc);
    return r.text;
  }
}

export function registerStores(tree: SnapshotTreeProvider, stores: StoreClient, store: SnapshotStore, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.workspace.registerTextDocumentContentProvider(STORE_SCHEME, new StoreDocuments(stores, store, output)),
    vscode.commands.registerCommand('awaitlyLens.loadMoreStoreRows', (storeId: unknown) => {
      if (typeof storeId === 'string') return tree.loadMoreRows(storeId);
      return undefined;
    }),
    vscode.commands.registerCommand('awaitlyLens.filterStoreRows', async (node?: StoreNode) => {
      if (node?.kind !== 'store') return;
      const value = await vscode.window.showInputBox({
        title: `Filter ${node.info.name}`,
        prompt: 'Show the rows whose id starts with (empty: all rows)',
        value: tree.filterOf(node.id) ?? '',
      });
      if (value !== undefined) tree.filterRows(node.id, value.trim());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.stores`)) tree.refreshStores();
    }),
  ];
}
