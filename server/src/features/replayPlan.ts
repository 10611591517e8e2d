// awaitlyLens/replayPlan: the plan for one snapshot against the current code, with locations on both sides.
import type { ReplayPlanParams, ReplayPlanResult } from '../protocol/requests';
import { toLocation, toLspRange, uriToPath } from '../convert';
import type { FolderProject } from '../project';
import { keyRange } from '../snapshots';
import { workflowAnchor } from './diagnostics';
import { planFor, shortSummary } from './replay';

export function replayPlan(folderFor: (file: string) => FolderProject, params: ReplayPlanParams): ReplayPlanResult | null {
  const file = uriToPath(params.snapshotUri);
  if (!file) return null;
  const folder = folderFor(file);
  const sf = folder.snapshots.get(file);
  if (!sf) return null;
  const planned = planFor(folder, sf, params.workflow);
  if (!('plan' in planned)) return null;
  const { plan, workflow } = planned;
  return {
    snapshotUri: params.snapshotUri,
    format: plan.format,
    workflow: { id: workflow.id, label: workflow.label, location: toLocation(workflow.file, workflowAnchor(workflow, workflow.file)) },
    match: planned.match,
    steps: plan.steps.map((s) => {
      const r = s.entryKey !== undefined ? keyRange(sf, s.entryKey) : undefined;
      return {
        index: s.index,
        kind: s.kind,
        ...(s.id !== undefined ? { id: s.id } : {}),
        ...(s.key !== undefined ? { key: s.key } : {}),
        state: s.state,
        conditional: s.conditional,
        reason: s.reason,
        location: toLocation(s.file, s.range),
        ...(s.entryKey !== undefined ? { entryKey: s.entryKey } : {}),
        ...(r ? { entryRange: toLspRange(r) } : {}),
        ...(s.matches ? { matches: s.matches } : {}),
        ...(s.iterations ? {
          iterations: s.iterations.map((i) => {
            const at = i.entryKey !== undefined ? keyRange(sf, i.entryKey) : undefined;
            return { ...i, ...(at ? { entryRange: toLspRange(at) } : {}) };
          }),
        } : {}),
      };
    }),
    unknown: plan.unknown.map((u) => {
      const r = keyRange(sf, u.key);
      return { key: u.key, ok: u.ok, message: u.message, ...(r ? { range: toLspRange(r) } : {}) };
    }),
    summary: shortSummary(plan),
    notes: [plan.summary, ...plan.notes],
  };
}
