// Cache keys that can be equal across two different steps: an explicit key equal to another step's id/key, or
// template patterns that overlap (posts:${a} and posts:${b}). The later step would be served the earlier's value.
import type { Finding, StaticString, StepInfo } from '../types';
import { asPattern, canProduce, patternsOverlap } from '../patterns';
import { HOLE } from '../key-eval';
import { finding, mutuallyExclusive, related, show, type Rule } from './shared';

const unknowable = (k: StaticString): boolean => k.form === 'dynamic' || k.form === 'opaque';

function collide(a: StepInfo, b: StepInfo): boolean {
  const ka = a.key!;
  const kb = b.key!;
  if (unknowable(ka) || unknowable(kb)) return false; // dynamic: reported as dynamic-step-key instead; opaque: not visible
  if (a.kind === 'bound' && b.kind === 'bound') return false; // the per-dependency counter keeps them apart
  if (ka.value !== undefined && kb.value !== undefined) return ka.value === kb.value;
  if (ka.value !== undefined) return canProduce(kb, ka.value);
  if (kb.value !== undefined) return canProduce(ka, kb.value);
  return patternsOverlap(asPattern(ka), asPattern(kb));
}

interface Candidate {
  step: StepInfo;
  /** Literal text before the first hole / after the last hole (the whole value for exact keys). */
  prefix: string;
  suffix: string;
}

function candidate(step: StepInfo): Candidate {
  const text = step.key!.value ?? step.key!.pattern ?? '';
  const parts = text.split(HOLE);
  return { step, prefix: parts[0]!, suffix: step.key!.value ?? parts[parts.length - 1]! };
}

/** Cheap necessary condition for overlap; lets the rule skip the full pattern check for most pairs. */
function compatible(a: Candidate, b: Candidate): boolean {
  return (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) && (a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix));
}

export const collidingStepKeys: Rule = {
  code: 'colliding-step-keys',
  defaultSeverity: 'warning',
  description: "A step's cache key equals (or can equal) another step's key.",
  check(wf) {
    const out: Finding[] = [];
    // Indexed by literal prefix: a candidate whose prefix is a prefix of this one's is found by looking up each
    // prefix of it; one whose prefix extends this one's, through `extending`. Large workflows stay near-linear.
    const byPrefix = new Map<string, Candidate[]>();
    const extending = new Map<string, Candidate[]>();
    const push = (m: Map<string, Candidate[]>, k: string, c: Candidate) => {
      const list = m.get(k);
      if (list) list.push(c);
      else m.set(k, [c]);
    };
    for (const b of wf.steps.filter((s) => s.key && s.restore === 'restored' && !unknowable(s.key)).map(candidate)) {
      const pool: Candidate[] = [];
      for (let len = 0; len <= b.prefix.length; len++) pool.push(...(byPrefix.get(b.prefix.slice(0, len)) ?? []));
      for (const x of extending.get(b.prefix) ?? []) if (x.prefix !== b.prefix) pool.push(x);
      const a = pool
        .filter((x) => compatible(x, b))
        .sort((x, y) => x.step.index - y.step.index)
        .find((x) => !sameIdKey(x.step, b.step) && !mutuallyExclusive(x.step, b.step) && collide(x.step, b.step))?.step;
      push(byPrefix, b.prefix, b);
      for (let len = 0; len <= b.prefix.length; len++) push(extending, b.prefix.slice(0, len), b);
      if (!a) continue;
      const step = b.step;
      const exact = a.key!.value !== undefined && step.key!.value !== undefined;
      const keyAt = step.keySource === 'key-option' ? step.key!.range : step.id?.range ?? step.range;
      out.push(finding(this, wf, { file: step.key!.file, range: keyAt },
        exact
          ? `Cache key ${show(step.key)} is also the key of an earlier step (${a.method} ${show(a.id)}): one cache entry serves both, so this step can return the other's result.`
          : `Cache key ${show(step.key)} can take the same value as the key ${show(a.key)} of an earlier step: in that case one cache entry serves both.`,
        {
          related: [related(a, `step whose key ${show(a.key)} collides`)],
          data: { key: step.key!.value ?? step.key!.pattern, otherKey: a.key!.value ?? a.key!.pattern, suggestedKey: suggest(step) },
        }));
    }
    return out;
  },
};

/** The same literal id used as the key on both sides is duplicate-step-id's finding. */
function sameIdKey(a: StepInfo, b: StepInfo): boolean {
  return a.keySource === 'id' && b.keySource === 'id' && a.id?.value !== undefined && a.id.value === b.id?.value;
}

function suggest(step: StepInfo): string {
  const base = step.id?.value ?? step.method;
  return step.key?.value !== undefined ? `${step.key.value}:${base}` : `${base}:${step.key?.pattern ?? ''}`;
}
