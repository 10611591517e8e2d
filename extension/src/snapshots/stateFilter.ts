// "Filter by State" on the Snapshot Explorer: show only the snapshots that are invalid, replay a failure, hold
// unknown keys, or are clean (the server's states), or all of them again.
import * as vscode from 'vscode';
import type { SnapshotState } from '../../../server/src/protocol/requests';
import { STATE_TITLES } from './present';
import type { SnapshotTreeProvider } from './treeProvider';

export function registerStateFilter(tree: SnapshotTreeProvider): vscode.Disposable[] {
  const setContext = (state: SnapshotState | undefined) => void vscode.commands.executeCommand('setContext', 'awaitlyLens.stateFilter', state ?? '');
  return [
    vscode.commands.registerCommand('awaitlyLens.filterSnapshotsByState', async (arg?: unknown) => {
      let state: SnapshotState | undefined | null = typeof arg === 'string' && arg in STATE_TITLES ? (arg as SnapshotState) : null;
      if (state === null) {
        const items = [
          { label: 'All snapshots', state: undefined as SnapshotState | undefined },
          ...(Object.keys(STATE_TITLES) as SnapshotState[]).map((s) => ({ label: STATE_TITLES[s].title, description: STATE_TITLES[s].meaning, state: s as SnapshotState | undefined })),
        ];
        const picked = await vscode.window.showQuickPick(items, { title: 'Show the snapshots that are…', placeHolder: tree.stateFilterValue ? `now: ${STATE_TITLES[tree.stateFilterValue].title}` : 'now: all' });
        if (!picked) return;
        state = picked.state;
      }
      tree.setStateFilter(state);
      setContext(state);
    }),
    vscode.commands.registerCommand('awaitlyLens.clearSnapshotFilter', () => {
      tree.setStateFilter(undefined);
      setContext(undefined);
    }),
  ];
}
