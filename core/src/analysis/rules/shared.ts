// Helpers shared by the rules: finding construction, exclusive branches, display of keys.
import type { RelatedLocation, Severity } from '../../diagnostic';
import type { Finding, StaticString, StepInfo, WorkflowInfo } from '../types';

export interface Rule {
  code: string;
  defaultSeverity: Severity;
  description: string;
  check(workflow: WorkflowInfo): Finding[];
}

export function finding(
  rule: Pick<Rule, 'code' | 'defaultSeverity'>,
  wf: WorkflowInfo,
  at: { file: string; range: Finding['range'] },
  message: string,
  extra: { related?: RelatedLocation[]; data?: Record<string, unknown>; severity?: Severity } = {},
): Finding {
  return {
    code: rule.code,
    severity: extra.severity ?? rule.defaultSeverity,
    message,
    file: at.file,
    range: at.range,
    workflow: wf.id,
    ...(extra.related?.length ? { related: extra.related } : {}),
    ...(extra.data ? { data: extra.data } : {}),
  };
}

export function related(step: StepInfo, message: string): RelatedLocation {
  return { file: step.file, range: step.range, message };
}

/** Two steps that can never both run in one execution: different arms of the same if / switch / ?: / step.branch. */
export function mutuallyExclusive(a: StepInfo, b: StepInfo): boolean {
  for (const fa of a.context) {
    if (fa.kind !== 'branch' || fa.arm === undefined || fa.arm === 'rhs') continue;
    const fb = b.context.find((f) => f.nodeId === fa.nodeId);
    if (fb && fb.arm !== undefined && fb.arm !== fa.arm) return true;
  }
  return false;
}

export function show(s: StaticString | undefined): string {
  if (!s) return '(none)';
  return s.value !== undefined ? `'${s.value}'` : `\`${s.pattern ?? s.text}\``;
}

export function idText(step: StepInfo): string {
  if (!step.id) return step.method;
  return step.id.value ?? (step.id.form === 'dynamic' ? step.id.text : step.id.pattern ?? step.id.text);
}

/** Why a recorded step is not restored, in a few words. */
export function unrestoredReason(step: StepInfo): string {
  if (step.uncachedCore) return "a step.forEach item handler's step has no cache";
  switch (step.kind) {
    case 'withResource': return 'step.withResource is never cached';
    case 'step': case 'workflow': return 'an explicit key: undefined disables caching';
    default: return `step.${step.method} caches only with an explicit key`;
  }
}
