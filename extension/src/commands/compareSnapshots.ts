// "Compare Two Snapshots": step keys added, removed, and changed replay state from one snapshot to another,
// rendered in a read-only webview (one panel, reused).
import * as vscode from 'vscode';
import type { LensContext } from '../context';
import { compareSnapshots as compare } from '../snapshots/present';
import { comparisonBody } from '../views/planHtml';
import { pickSnapshot, uriArg } from './args';

export function compareSnapshots(ctx: LensContext) {
  return async (first?: unknown, second?: unknown): Promise<vscode.WebviewPanel | undefined> => {
    // From the explorer's multi-select, VS Code passes (clicked, [selected...]).
    const selected = Array.isArray(second) ? second.map(uriArg).filter((u): u is string => !!u) : [];
    const a = selected[0] ?? uriArg(first) ?? (await pickSnapshot(ctx, 'Compare: choose the older snapshot'));
    if (!a) return undefined;
    const b = selected[1] ?? uriArg(selected.length ? undefined : second) ?? (await pickSnapshot(ctx, 'Compare: choose the newer snapshot', a));
    if (!b) return undefined;
    const da = ctx.store.get(a);
    const db = ctx.store.get(b);
    if (!da || !db) return undefined;
    const [pa, pb] = await Promise.all([ctx.planOf(a).catch(() => null), ctx.planOf(b).catch(() => null)]);
    return ctx.views.compare.show(`Compare: ${da.fileName} → ${db.fileName}`, comparisonBody(da, db, compare(da, pa, db, pb)));
  };
}
