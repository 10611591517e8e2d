// "Validate All Snapshots in Workspace": every snapshot file through core's checks; results in the Problems panel.
import * as vscode from 'vscode';
import type { LensContext } from '../context';
import { toVsDiagnostic } from './convert';

export function validateAll(ctx: LensContext) {
  return async (): Promise<{ files: number; errors: number; warnings: number }> => {
    await ctx.store.refreshAll();
    ctx.validation.clear();
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    let errors = 0;
    let warnings = 0;
    let withProblems = 0;
    const docs = ctx.store.all();
    for (const doc of docs) {
      errors += doc.errors;
      warnings += doc.warnings;
      if (doc.errors || doc.warnings) withProblems++;
      // Open files get the same diagnostics from the language server already.
      if (!open.has(doc.uri)) ctx.validation.set(vscode.Uri.parse(doc.uri), doc.diagnostics.map(toVsDiagnostic));
    }
    const summary = `awaitly-lens: ${docs.length} snapshot file${docs.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${withProblems} file${withProblems === 1 ? '' : 's'}.`;
    ctx.output.appendLine(summary);
    if (withProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    void (errors ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
    return { files: docs.length, errors, warnings };
  };
}
