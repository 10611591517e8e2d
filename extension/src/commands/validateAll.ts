// "Validate All Snapshots in Workspace": the language server's diagnostics for every snapshot file, the same ones
// it publishes for an open file and counts for the tree (awaitlyLens/snapshotStates); closed files' problems go to
// the Problems panel through this command's collection. One source for every count: the notification, the tree
// badge and Problems say the same numbers.
import * as vscode from 'vscode';
import { SnapshotStatesRequest } from '../../../server/src/protocol/requests';
import type { LensContext } from '../context';

export interface ValidateAllResult {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function validateAll(ctx: LensContext) {
  return async (): Promise<ValidateAllResult> => {
    await ctx.store.refreshAll();
    ctx.validation.clear();
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const docs = ctx.store.all();
    const states = await ctx.client.sendRequest(SnapshotStatesRequest.type, { uris: docs.map((d) => d.uri), withDiagnostics: true });
    const total: ValidateAllResult = { files: docs.length, errors: 0, warnings: 0, infos: 0 };
    let withProblems = 0;
    for (const s of states) {
      if (!s) continue;
      total.errors += s.errors;
      total.warnings += s.warnings;
      total.infos += s.infos;
      if (s.errors || s.warnings || s.infos) withProblems++;
      // Open files get the same diagnostics from the language server already.
      if (!open.has(s.uri) && s.diagnostics) ctx.validation.set(vscode.Uri.parse(s.uri), await ctx.client.protocol2CodeConverter.asDiagnostics(s.diagnostics));
    }
    const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
    const summary = `awaitly-lens: ${n(docs.length, 'snapshot file')} checked: ${n(total.errors, 'error')}, ${n(total.warnings, 'warning')}, ${n(total.infos, 'info')} in ${n(withProblems, 'file')}.`;
    ctx.output.appendLine(summary);
    if (withProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void (total.errors ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
    return total;
  };
}
