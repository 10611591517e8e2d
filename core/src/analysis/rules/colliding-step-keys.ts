// Cache keys that can be equal across two different steps: an explicit key equal to another step's id/key, or
// template patterns that overlap (posts:${a} and posts:${b}). The later step would be served the earlier's value.
import type { Finding, StepInfo } from '../types';
import { asPattern, canProduce, patternsOverlap } from '../patterns';
import { finding, mutuallyExclusive, related, show, type Rule } from './shared';

function collide(a: StepInfo, b: StepInfo): boolean {
  const ka = a.key!;
  const kb = b.key!;
  if (ka.form === 'dynamic' || kb.form === 'dynamic') return false; // reported as dynamic-step-key instead
  if (a.kind === 'bound' && b.kind === 'bound') return false; // the per-dependency counter keeps them apart
  if (ka.value !== undefined && kb.value !== undefined) return ka.value === kb.value;
  if (ka.value !== undefined) return canProduce(kb, ka.value);
  if (kb.value !== undefined) return canProduce(ka, kb.value);
  return patternsOverlap(asPattern(ka), asPattern(kb));
}

export const collidingStepKeys: Rule = {
  code: 'colliding-step-keys',
  defaultSeverity: 'warning',
  description: "A step's cache key equals (or can equal) another step's key.",
  check(wf) {
    const out: Finding[] = [];
    const cached = wf.steps.filter((s) => s.key && s.restore === 'restored');
    for (let j = 0; j < cached.length; j++) {
      const b = cached[j]!;
      for (let i = 0; i < j; i++) {
        const a = cached[i]!;
        // Same literal id used as key on both sides is duplicate-step-id's finding.
        if (a.keySource === 'id' && b.keySource === 'id' && a.id?.value !== undefined && a.id.value === b.id?.value) continue;
        if (mutuallyExclusive(a, b) || !collide(a, b)) continue;
        const exact = a.key!.value !== undefined && b.key!.value !== undefined;
        const keyAt = b.keySource === 'key-option' ? b.key!.range : b.id?.range ?? b.range;
        out.push(finding(this, wf, { file: b.key!.file, range: keyAt },
          exact
            ? `Cache key ${show(b.key)} is also the key of an earlier step (${a.method} ${show(a.id)}): one cache entry serves both, so this step can return the other's result.`
            : `Cache key ${show(b.key)} can take the same value as the key ${show(a.key)} of an earlier step: in that case one cache entry serves both.`,
          {
            related: [related(a, `step whose key ${show(a.key)} collides`)],
            data: { key: b.key!.value ?? b.key!.pattern, otherKey: a.key!.value ?? a.key!.pattern, suggestedKey: suggest(b) },
          }));
        break;
      }
    }
    return out;
  },
};

function suggest(step: StepInfo): string {
  const base = step.id?.value ?? step.method;
  return step.key?.value !== undefined ? `${step.key.value}:${base}` : `${base}:${step.key?.pattern ?? ''}`;
}
