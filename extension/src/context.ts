// What commands get: the store, the tree, the active snapshot, the client. Built once in extension.ts.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ReplayPlanResult } from '../../server/src/protocol/requests';
import type { ActiveSnapshot } from './activeSnapshot';
import type { ReplayDecorations } from './decorations/replay';
import type { Node } from './snapshots/nodes';
import type { SnapshotStore } from './snapshots/store';
import type { SnapshotTreeProvider } from './snapshots/treeProvider';
import type { Views } from './views';

export interface LensContext {
  extension: vscode.ExtensionContext;
  store: SnapshotStore;
  tree: SnapshotTreeProvider;
  treeView: vscode.TreeView<Node>;
  active: ActiveSnapshot;
  decorations: ReplayDecorations;
  client: LanguageClient;
  /** Problems found by "Validate all snapshots" for files the server does not check (not open). */
  validation: vscode.DiagnosticCollection;
  output: vscode.LogOutputChannel;
  /** The webviews (replay plan, comparison, timeline), one panel each. */
  views: Views;
  planOf(uri: string, workflow?: string): Promise<ReplayPlanResult | null>;
}
