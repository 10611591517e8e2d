// Typed access to the awaitlyLens.* settings. The server reads them through workspace/configuration, answered
// in client.ts from here, normalised by the server's LensSettings.from (one settings type for both ends).
import * as vscode from 'vscode';
import { LensSettings, SETTINGS_SECTION } from '../../server/src/protocol/settings';

export function readSettings(scope?: vscode.Uri): LensSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const settings = LensSettings.from({
    snapshotGlobs: c.get('snapshotGlobs'),
    lockFile: c.get('lockFile'),
    tsconfig: c.get('tsconfig'),
    rules: c.get('rules'),
    activeSnapshots: c.get('activeSnapshots'),
    stores: c.get('stores'),
  });
  // VS Code's own JSON service already marks a repeated key (at each occurrence, whatever the schema says): the
  // server's duplicate-key would say it a second time, so here it is off unless the user set its severity. Other
  // editors and the CLI, which have no such check, keep it.
  if (editorFlagsDuplicateKeys(scope) && !('duplicate-key' in settings.rules)) settings.rules['duplicate-key'] = 'off';
  return settings;
}

/** json.validate.enable: VS Code's JSON language features validate (and report duplicate keys). */
export function editorFlagsDuplicateKeys(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('json', scope).get<boolean>('validate.enable', true) !== false;
}

export function decorationsEnabled(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('decorations.enabled', true);
}
