// SnapshotSource over the open workspace: candidate JSON files from the awaitlyLens.snapshotGlobs setting.
import * as vscode from 'vscode';
import { snapshotGlobs } from '../config';
import type { SnapshotSource } from './store';

export const workspaceSource: SnapshotSource = {
  async list() {
    const seen = new Set<string>();
    for (const glob of snapshotGlobs()) {
      for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**', 20_000)) seen.add(uri.toString());
    }
    return [...seen];
  },
  async read(uri) {
    const u = vscode.Uri.parse(uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (open) return open.getText();
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
  },
};
