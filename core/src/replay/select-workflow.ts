// Which workflow a snapshot belongs to: explicit choice, else workflowName (= createWorkflow name or durable id).
import type { WorkflowInfo } from '../analysis/types';
import { canProduce } from '../analysis/patterns';

export interface WorkflowMatch {
  workflow?: WorkflowInfo;
  /** Every workflow the name could belong to (more than one: ambiguous). */
  candidates: WorkflowInfo[];
  reason: string;
}

export function selectWorkflow(workflows: readonly WorkflowInfo[], workflowName: string | undefined, choice?: string): WorkflowMatch {
  if (choice !== undefined) {
    const hit = workflows.filter((w) => w.id === choice || w.label === choice || w.name?.value === choice);
    return { ...(hit.length === 1 ? { workflow: hit[0] } : {}), candidates: hit, reason: `selected '${choice}'` };
  }
  if (workflowName === undefined) {
    return { candidates: [], reason: 'the snapshot has no workflowName (durable drops it on resumed saves); choose a workflow explicitly' };
  }
  const exact = workflows.filter((w) => w.name?.value === workflowName);
  const byPattern = exact.length ? exact : workflows.filter((w) => w.name && w.name.value === undefined && canProduce(w.name, workflowName));
  const candidates = byPattern.length ? byPattern : workflows.filter((w) => w.label === workflowName);
  return {
    ...(candidates.length === 1 ? { workflow: candidates[0] } : {}),
    candidates,
    reason: candidates.length === 1 ? `workflowName '${workflowName}'` : candidates.length ? `workflowName '${workflowName}' matches ${candidates.length} workflows` : `no workflow named '${workflowName}'`,
  };
}
