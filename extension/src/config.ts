// Typed access to the awaitlyLens.* settings. The server reads them through workspace/configuration, answered
// in client.ts from here, normalised by the server's LensSettings.from (one settings type for both ends).
import * as vscode from 'vscode';
import { LensSettings, SETTINGS_SECTION } from '../../server/src/protocol/settings';

export function readSettings(scope?: vscode.Uri): LensSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return LensSettings.from({
    snapshotGlobs: c.get('snapshotGlobs'),
    lockFile: c.get('lockFile'),
    tsconfig: c.get('tsconfig'),
    rules: c.get('rules'),
    activeSnapshots: c.get('activeSnapshots'),
    stores: c.get('stores'),
  });
}

export function decorationsEnabled(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('decorations.enabled', true);
}
