// "Update Lock for Workflow": the server's awaitlyLens.updateLock (registered by the language client from the
// server's executeCommandProvider) needs [workflowUri, workflowId]; from the palette, pick among the workflows
// of the current file through the lock code lenses the server already computes.
import * as vscode from 'vscode';
import { CommandIds } from '../../../server/src/protocol/requests';
import type { LensContext } from '../context';

export function updateLockForWorkflow(_ctx: LensContext) {
  return async (arg?: unknown): Promise<boolean> => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('awaitly-lens: open a workflow file to update its lock entry.');
      return false;
    }
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const lockLenses = lenses.filter((l) => l.command?.title.includes('· lock:'));
    const locks = lockLenses.filter((l) => Array.isArray(l.command!.arguments) && typeof l.command!.arguments[1] === 'string');
    if (!locks.length) {
      // The server gives an up-to-date workflow's lens no command (so no arguments either).
      const message = lockLenses.length ? 'the lock is already up to date for the workflows in this file.' : 'no awaitly workflow in this file.';
      void vscode.window.showInformationMessage(`awaitly-lens: ${message}`);
      return false;
    }
    const items = locks.map((l) => ({ label: String(l.command!.arguments![1]).split('#').pop()!, description: l.command!.title, args: l.command!.arguments! }));
    const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Update the lock entry of which workflow?' });
    if (!pick) return false;
    await vscode.commands.executeCommand(CommandIds.updateLock, ...pick.args);
    return true;
  };
}
