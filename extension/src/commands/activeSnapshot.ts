// "Set Active Snapshot" / "Clear Active Snapshot".
import * as vscode from 'vscode';
import type { LensContext } from '../context';
import { snapshotArg } from './args';

export function setActiveSnapshot(ctx: LensContext) {
  return async (arg?: unknown): Promise<void> => {
    const uri = await snapshotArg(ctx, arg, 'Choose the snapshot whose replay plan to show in the code');
    if (uri) await ctx.active.set(vscode.Uri.parse(uri));
  };
}

export function clearActiveSnapshot(ctx: LensContext) {
  return async (): Promise<void> => {
    await ctx.active.set(undefined);
  };
}
