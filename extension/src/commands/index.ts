// Every command, registered from one table. Ids match package.json's contributes.commands.
import * as vscode from 'vscode';
import { CommandIds } from '../../../server/src/protocol/requests';
import type { LensContext } from '../context';
import { clearActiveSnapshot, setActiveSnapshot } from './activeSnapshot';
import { compareSnapshots } from './compareSnapshots';
import { goToStepInCode, loadMore, refresh, revealInSnapshot, revealRange, showInExplorer } from './navigation';
import { openSettings } from './openSettings';
import { showReplayPlan } from './showReplayPlan';
import { showTimeline } from './showTimeline';
import { updateLockForWorkflow } from './updateLock';
import { validateAll } from './validateAll';

type Factory = (ctx: LensContext) => (...args: unknown[]) => unknown;

export const COMMANDS: ReadonlyArray<readonly [string, Factory]> = [
  ['awaitlyLens.validateAllSnapshots', validateAll],
  ['awaitlyLens.setActiveSnapshot', setActiveSnapshot],
  ['awaitlyLens.clearActiveSnapshot', clearActiveSnapshot],
  [CommandIds.showReplayPlan, showReplayPlan],
  ['awaitlyLens.compareSnapshots', compareSnapshots],
  ['awaitlyLens.showTimeline', showTimeline],
  ['awaitlyLens.updateLockForWorkflow', updateLockForWorkflow],
  ['awaitlyLens.openSettings', openSettings],
  ['awaitlyLens.revealInSnapshot', revealInSnapshot],
  ['awaitlyLens.revealRange', revealRange],
  ['awaitlyLens.goToStepInCode', goToStepInCode],
  ['awaitlyLens.showInSnapshotExplorer', showInExplorer],
  ['awaitlyLens.loadMore', loadMore],
  ['awaitlyLens.refreshSnapshots', refresh],
];

/** Registers every command behind one error handler: a failure is logged and shown, never thrown into the UI. */
export function registerCommands(ctx: LensContext): vscode.Disposable[] {
  return COMMANDS.map(([id, factory]) => {
    const run = factory(ctx);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        ctx.output.appendLine(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`awaitly-lens: ${message}`);
        return undefined;
      }
    });
  });
}
