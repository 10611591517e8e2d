// Row clicks and jumps between the snapshot JSON and the code.
import * as vscode from 'vscode';
import type { Location } from 'vscode-languageserver-protocol';
import type { LensContext } from '../context';
import { locatePath, type JsonPath } from '../snapshots/model';
import { uriArg } from './args';

/** Row click: open the snapshot with the exact range of the row's key (or value) selected. Args: [uri, jsonPath]. */
export function revealInSnapshot(ctx: LensContext) {
  return async (uri?: unknown, path?: unknown): Promise<vscode.Range | undefined> => {
    const u = uriArg(uri);
    if (!u) return undefined;
    const doc = ctx.store.get(u);
    const p = Array.isArray(path) ? (path as JsonPath) : [];
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(u), { preview: true, preserveFocus: true });
    if (!p.length) return undefined;
    const r = locatePath(doc?.text ?? editor.document.getText(), p);
    if (!r) return undefined;
    const range = new vscode.Range(editor.document.positionAt(r.startOffset), editor.document.positionAt(r.endOffset));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return range;
  };
}

/** A problem row: select the diagnostic's range. Args: [uri, startOffset, endOffset]. */
export function revealRange(_ctx: LensContext) {
  return async (uri?: unknown, start?: unknown, end?: unknown): Promise<void> => {
    const u = uriArg(uri);
    if (!u || typeof start !== 'number' || typeof end !== 'number') return;
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(u), { preview: true });
    const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };
}

function isLocation(v: unknown): v is Location {
  return typeof v === 'object' && v !== null && typeof (v as Location).uri === 'string' && typeof (v as Location).range === 'object';
}

/** "Go to Step in Code": from a step row (or a plan step location) to the step call. */
export function goToStepInCode(_ctx: LensContext) {
  return async (arg?: unknown): Promise<vscode.TextEditor | undefined> => {
    const loc = isLocation(arg) ? arg : typeof arg === 'object' && arg !== null && 'step' in arg && isLocation((arg as { step?: { location?: unknown } }).step?.location) ? (arg as { step: { location: Location } }).step.location : undefined;
    if (!loc) {
      void vscode.window.showInformationMessage('awaitly-lens: this row has no step in the code.');
      return undefined;
    }
    const r = loc.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    return vscode.window.showTextDocument(vscode.Uri.parse(loc.uri), { selection: range });
  };
}

/** "Show in Snapshot Explorer": from a step call under the cursor to its row of the active snapshot. */
export function showInExplorer(ctx: LensContext) {
  return async (): Promise<boolean> => {
    const editor = vscode.window.activeTextEditor;
    const active = ctx.active.uri?.toString();
    const plan = ctx.active.replayPlan;
    if (!editor || !active || !plan) {
      void vscode.window.showInformationMessage('awaitly-lens: set an active snapshot first; then its rows can be found from the step calls.');
      return false;
    }
    const here = editor.selection.active;
    const uri = editor.document.uri.toString();
    const lspRange = (s: (typeof plan.steps)[number]) => new vscode.Range(s.location.range.start.line, s.location.range.start.character, s.location.range.end.line, s.location.range.end.character);
    const step = plan.steps.find((s) => s.location.uri === uri && lspRange(s).contains(here))
      ?? plan.steps.find((s) => s.location.uri === uri && s.location.range.start.line === here.line);
    if (!step) {
      void vscode.window.showInformationMessage('awaitly-lens: no step call of the active snapshot\'s workflow under the cursor.');
      return false;
    }
    const row = step.entryKey !== undefined ? await ctx.tree.stepRow(active, step.entryKey) : undefined;
    const target = row ?? (await ctx.tree.getChildren(ctx.tree.fileNode(active))).find((n) => n.kind === 'willRun' && n.step.index === step.index);
    if (!target) return false;
    await ctx.treeView.reveal(target, { select: true, focus: true, expand: false });
    return true;
  };
}

export function loadMore(ctx: LensContext) {
  return (parentId?: unknown): void => {
    if (typeof parentId === 'string') ctx.tree.loadMore(parentId);
  };
}

export function refresh(ctx: LensContext) {
  return async (): Promise<void> => {
    await ctx.store.refreshAll();
    ctx.tree.refresh();
    await ctx.active.reload();
  };
}
