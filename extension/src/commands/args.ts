// Guards for command arguments: a tree row, a Uri (explorer/editor menus), a URI string (code lens), or
// nothing (palette: the active editor's file, else a quick pick).
import * as vscode from 'vscode';
import type { LensContext } from '../context';
import { fileDescription, fileLabel } from '../snapshots/present';

export function isNodeWithDoc(v: unknown): v is { kind: string; doc: { uri: string } } {
  return typeof v === 'object' && v !== null && 'kind' in v && 'doc' in v;
}

export function uriArg(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v.includes(':') ? v : vscode.Uri.file(v).toString();
  if (v instanceof vscode.Uri) return v.toString();
  if (isNodeWithDoc(v)) return v.doc.uri;
  return undefined;
}

/** A snapshot the command is about: from its argument, the active editor, or a pick. */
export async function snapshotArg(ctx: LensContext, arg: unknown, placeHolder = 'Choose a snapshot file'): Promise<string | undefined> {
  const given = uriArg(arg);
  if (given) return given;
  const editor = vscode.window.activeTextEditor?.document.uri.toString();
  if (editor && ctx.store.get(editor)) return editor;
  return pickSnapshot(ctx, placeHolder);
}

export async function pickSnapshot(ctx: LensContext, placeHolder: string, except?: string): Promise<string | undefined> {
  const items = ctx.store.all().filter((d) => d.uri !== except).map((d) => ({ label: fileLabel(d), description: fileDescription(d), detail: vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri)), uri: d.uri }));
  if (!items.length) {
    void vscode.window.showInformationMessage('awaitly-lens: no snapshot files found in this workspace.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.uri;
}
