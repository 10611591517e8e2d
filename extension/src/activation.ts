// Is awaitly used in this workspace? The extension starts its language server, views and status bar item only
// then: a package.json naming an awaitly dependency, node_modules/awaitly, the lock file, or a snapshot file.
// Otherwise activate() waits (no server, no UI) until one of them appears or a command is run.
import * as vscode from 'vscode';
import { readSettings } from './config';
import { mayBeSnapshotText, parseSnapshotDoc } from './snapshots/model';

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
/** Where snapshots usually live (the jsonValidation patterns); a snapshot elsewhere shows once awaitly is used. */
export const SNAPSHOT_GLOB = '{**/*.snapshot.json,**/*.resume-state.json,**/snapshots/**/*.json,**/.awaitly/**/*.json}';
/** Files whose creation or change can turn the answer to yes. */
export const WATCH_GLOB = '{**/package.json,**/awaitly-lens.lock.json,**/*.snapshot.json,**/*.resume-state.json,**/snapshots/**/*.json,**/.awaitly/**/*.json}';

/** `awaitly` or an alias of it (`"awaitly-4": "npm:awaitly@4"`). */
export function namesAwaitly(pkg: unknown): boolean {
  if (typeof pkg !== 'object' || pkg === null) return false;
  for (const field of DEP_FIELDS) {
    const deps = (pkg as Record<string, unknown>)[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, spec] of Object.entries(deps)) {
      if (name === 'awaitly' || (typeof spec === 'string' && /^npm:awaitly@/.test(spec))) return true;
    }
  }
  return false;
}

async function read(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Why the workspace uses awaitly (for the log), or undefined when it does not. */
export async function awaitlyInUse(): Promise<string | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (await exists(vscode.Uri.joinPath(folder.uri, 'node_modules', 'awaitly', 'package.json'))) return `${folder.name}: node_modules/awaitly`;
    const lock = readSettings(folder.uri).lockFile;
    if (await exists(lock.startsWith('/') ? vscode.Uri.file(lock) : vscode.Uri.joinPath(folder.uri, lock))) return `${folder.name}: ${lock}`;
  }
  for (const uri of await vscode.workspace.findFiles('**/package.json', '**/node_modules/**', 500)) {
    const text = await read(uri);
    if (!text?.includes('awaitly')) continue;
    try {
      if (namesAwaitly(JSON.parse(text))) return `${vscode.workspace.asRelativePath(uri)} depends on awaitly`;
    } catch {
      // Not JSON (mid-edit): the next change is looked at again.
    }
  }
  for (const uri of await vscode.workspace.findFiles(SNAPSHOT_GLOB, '**/node_modules/**', 200)) {
    const text = await read(uri);
    if (text && mayBeSnapshotText(text) && parseSnapshotDoc(uri.toString(), text)) return `snapshot ${vscode.workspace.asRelativePath(uri)}`;
  }
  return undefined;
}
