// Snapshot × code: which workflow a snapshot belongs to, and its replay plan. Shared by diagnostics, hover,
// code lens, navigation and the awaitlyLens/replayPlan request.
import { canProduce } from '../../../core/src/analysis';
import type { StepInfo, WorkflowInfo } from '../../../core/src/analysis';
import { matchSnapshotWorkflow, planReplay, type ReplayPlan, type StepPlan } from '../../../core/src/replay';
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

const STATE_WORDS: Record<StepPlan['state'], string> = {
  skipped: 'skipped',
  'replay-failure': 'replays failure',
  runs: 'run',
  maybe: 'maybe',
  'not-reached': 'not reached',
};

/** "3 skipped · 1 replays failure · 2 run" (states with no step are left out, except run). */
export function shortSummary(plan: ReplayPlan): string {
  const parts: string[] = [];
  for (const state of ['skipped', 'replay-failure', 'runs', 'maybe', 'not-reached'] as const) {
    const n = plan.steps.filter((s) => s.state === state).length;
    if (n > 0 || state === 'runs') parts.push(`${n} ${STATE_WORDS[state]}`);
  }
  if (plan.shapeDrift) parts.push('shape drift');
  return parts.join(' · ');
}

/** The steps a position in a source file is on (innermost call first). */
export function stepsAt(workflows: readonly WorkflowInfo[], file: string, line: number, character: number): StepInfo[] {
  const hits: StepInfo[] = [];
  const l = line + 1;
  const c = character + 1;
  for (const w of workflows) {
    for (const s of w.steps) {
      if (s.file !== file) continue;
      const r = s.range;
      if (l < r.start.line || l > r.end.line) continue;
      if (l === r.start.line && c < r.start.column) continue;
      if (l === r.end.line && c > r.end.column) continue;
      hits.push(s);
    }
  }
  return hits.sort((a, b) => a.range.endOffset - a.range.startOffset - (b.range.endOffset - b.range.startOffset));
}
