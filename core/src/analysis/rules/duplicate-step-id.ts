// Two step calls in one workflow with the same id. When both are keyed by that id they share one cache entry:
// on resume (or with any cache) the second returns the first's value without running (awaitly-facts.md §3).
import type { Finding } from '../types';
import { finding, mutuallyExclusive, related, type Rule } from './shared';

export const duplicateStepId: Rule = {
  code: 'duplicate-step-id',
  defaultSeverity: 'warning',
  description: 'Two steps in one workflow use the same id.',
  check(wf) {
    const out: Finding[] = [];
    const first = new Map<string, typeof wf.steps>();
    for (const step of wf.steps) {
      if (step.kind === 'bound' || step.id?.value === undefined) continue;
      const earlier = (first.get(step.id.value) ?? []).filter((e) => !mutuallyExclusive(e, step));
      first.set(step.id.value, [...(first.get(step.id.value) ?? []), step]);
      const other = earlier[0];
      if (!other) continue;
      const sharedKey = step.keySource === 'id' && other.keySource === 'id';
      const message = sharedKey
        ? `Step id '${step.id.value}' is already used by an earlier step in workflow '${wf.label}'; both are cached under it, so on resume this step returns the other's result without running.`
        : `Step id '${step.id.value}' is already used by an earlier step in workflow '${wf.label}'; their cache keys differ, so saved state keeps both, but events and anything that reports by step id cannot tell the two apart.`;
      out.push(finding(this, wf, { file: step.file, range: step.id.range }, message, {
        severity: sharedKey ? 'warning' : 'info',
        related: [related(other, `first step with id '${step.id.value}'`)],
        data: { stepId: step.id.value, suggestedId: uniqueId(step.id.value, first) },
      }));
    }
    return out;
  },
};

function uniqueId(base: string, taken: Map<string, unknown>): string {
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
