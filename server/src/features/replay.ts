// Snapshot × code: which workflow a snapshot belongs to, and its replay plan. Shared by diagnostics, hover,
// code lens, navigation and the awaitlyLens/replayPlan request.
import { canProduce, stepAmong } from '../../../core/src/analysis';
import type { StepAlone, StepInfo, WorkflowInfo } from '../../../core/src/analysis';
import type { Position } from 'vscode-languageserver/node';
import { matchSnapshotWorkflow, planReplay, type ReplayPlan } from '../../../core/src/replay';
import { stateSummary } from '../../../core/src/vocabulary';
import type { FolderProject } from '../project';
import type { SnapshotFile } from '../snapshots';

export interface Match {
  workflow?: WorkflowInfo;
  reason: string;
}

/** Can this step produce (cache or record) the snapshot key? */
export function stepProduces(step: StepInfo, key: string): boolean {
  return (!!step.key && canProduce(step.key, key)) || (!!step.recordedKey && canProduce(step.recordedKey, key));
}

const matchCache = new WeakMap<WorkflowInfo[], WeakMap<SnapshotFile, Match>>();

/**
 * The workflow a snapshot belongs to (core's matchSnapshotWorkflow: explicit choice, workflowName, a name in
 * metadata, else the one workflow whose steps produce most of its keys), cached per snapshot and code state.
 */
export function matchWorkflow(workflows: WorkflowInfo[], sf: SnapshotFile, choice?: string): Match {
  if (choice === undefined) {
    const hit = matchCache.get(workflows)?.get(sf);
    if (hit) return hit;
  }
  const m = matchSnapshotWorkflow(workflows, sf.input, { metadata: sf.metadata }, choice);
  const result: Match = { ...(m.workflow ? { workflow: m.workflow } : {}), reason: m.reason };
  if (choice === undefined) {
    let byFile = matchCache.get(workflows);
    if (!byFile) matchCache.set(workflows, (byFile = new WeakMap()));
    byFile.set(sf, result);
  }
  return result;
}

export interface SnapshotPlan {
  snapshot: SnapshotFile;
  workflow: WorkflowInfo;
  match: string;
  plan: ReplayPlan;
}

export function planFor(folder: FolderProject, sf: SnapshotFile, choice?: string): SnapshotPlan | { reason: string } {
  const match = matchWorkflow(folder.workflows(), sf, choice);
  if (!match.workflow) return { reason: match.reason };
  return { snapshot: sf, workflow: match.workflow, match: match.reason, plan: planReplay(match.workflow, sf.input, folder.project().semantics) };
}

/** "3 skipped · 1 replays failure · 1 runs" (core/src/vocabulary.ts: the same words as hovers, the tree and the CLI). */
export function shortSummary(plan: ReplayPlan): string {
  const summary = stateSummary(plan.steps.map((s) => s.state));
  return plan.shapeDrift ? `${summary} · shape drift` : summary;
}

/**
 * The step at a position, with its workflow's id and label: this file's own workflows first (built alone when the
 * file's analysis is not cached yet, as right after an edit: FolderProject.stepAt), else a helper's step reached
 * from another file's workflow (the whole folder's analysis).
 */
export function stepAtPosition(folder: FolderProject, file: string, position: Position): StepAlone | undefined {
  return folder.stepAt(file, position) ?? stepAmong(folder.workflows(), file, position.line + 1, position.character + 1);
}
