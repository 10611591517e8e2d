// SnapshotSource over the open workspace. Which files are snapshots is the language server's answer
// (awaitlyLens/snapshotFiles: the awaitlyLens.snapshotGlobs setting expanded by core's source layer, files
// recognised by content), so files are found in one place; only their text is read here (an open document's
// unsaved text wins over the disk).
import * as vscode from 'vscode';
import type { SnapshotSource } from './store';

export function workspaceSource(listFiles: () => Promise<string[]>): SnapshotSource {
  return {
    list: listFiles,
    async read(uri) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (open) return open.getText();
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
    },
  };
}
