// "Open Settings": the awaitlyLens.* settings in the Settings editor.
import * as vscode from 'vscode';
import type { LensContext } from '../context';

export function openSettings(_ctx: LensContext) {
  return async (): Promise<void> => {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'awaitlyLens');
  };
}
