// "Show Replay Plan": the plan of a snapshot against the current code, rendered in a read-only webview (one
// panel, reused). Also the target of the server's replay code lens (args: [snapshotUri, workflowId]).
import * as vscode from 'vscode';
import type { LensContext } from '../context';
import { planBody } from '../views/planHtml';
import { snapshotArg } from './args';

export function showReplayPlan(ctx: LensContext) {
  return async (arg?: unknown, workflow?: unknown): Promise<vscode.WebviewPanel | undefined> => {
    const uri = await snapshotArg(ctx, arg ?? ctx.active.uri?.toString(), 'Show the replay plan of which snapshot?');
    if (!uri) return undefined;
    const plan = await ctx.planOf(uri, typeof workflow === 'string' ? workflow : undefined);
    if (!plan) {
      void vscode.window.showWarningMessage(`awaitly-lens: no workflow in this workspace matches ${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}.`);
      return undefined;
    }
    const doc = ctx.store.get(uri);
    return ctx.views.plan.show(`Replay plan: ${doc?.fileName ?? 'snapshot'}`, planBody(doc, plan));
  };
}
