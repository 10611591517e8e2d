// "Show Replay Timeline": the timeline webview of a snapshot (default: the active one, else a pick).
import * as vscode from 'vscode';
import type { LensContext } from '../context';
import { snapshotArg } from './args';

export function showTimeline(ctx: LensContext) {
  return async (arg?: unknown, workflow?: unknown): Promise<boolean> => {
    const uri = await snapshotArg(ctx, arg ?? ctx.active.uri?.toString(), 'Show the replay timeline of which snapshot?');
    if (!uri) return false;
    const plan = await ctx.planOf(uri, typeof workflow === 'string' ? workflow : undefined);
    if (!plan) {
      void vscode.window.showWarningMessage(`awaitly-lens: no workflow in this workspace matches ${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}.`);
      return false;
    }
    ctx.views.timeline.render(uri, ctx.store.get(uri), plan);
    return true;
  };
}
