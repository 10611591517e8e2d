// A cached step inside a loop whose key is the same in every iteration: from the second iteration on (and on
// resume) every iteration gets the first, or last recorded, result.
import type { Finding } from '../types';
import { finding, idText, type Rule } from './shared';

export const loopInvariantStepKey: Rule = {
  code: 'loop-invariant-step-key',
  defaultSeverity: 'warning',
  description: 'A step inside a loop or per-item callback uses a key that does not change between iterations.',
  check(wf) {
    const out: Finding[] = [];
    for (const step of wf.steps) {
      if (step.keyLoopInvariant !== true || step.restore !== 'restored' || !step.key) continue;
      const loop = step.context.find((f) => f.nodeId === step.keyInvariantLoop) ?? [...step.context].reverse().find((f) => f.kind === 'loop')!;
      const variable = step.loopVariables?.[0];
      // A template key (varying only with an outer loop) keeps its parts: `x:${o.id}` → `x:${o.id}:${l}`.
      const template = step.key.value === undefined && /^`[^`]*`$/.test(step.key.text) ? step.key.text.slice(1, -1) : undefined;
      const base = step.key.value ?? template ?? idText(step);
      const suggestedKey = variable ? `\`${base}:\${${variable}}\`` : undefined;
      // A partly known key that stays the same in this loop changes with a loop around it.
      const outer = step.context.filter((f) => f.kind === 'loop');
      const outerOnly = step.key.value === undefined && outer.length > 1 && outer[0]!.nodeId !== loop.nodeId ? ' (it changes only with an enclosing loop)' : '';
      out.push(finding(this, wf, { file: step.key.file, range: step.key.range },
        `Step '${idText(step)}' runs once per iteration of a ${loop.detail} loop, but its cache key ${step.key.value !== undefined ? `'${step.key.value}'` : step.key.text} is the same in each of its iterations${outerOnly}: resumed runs return one saved result for every iteration.`,
        {
          related: [{ file: loop.file, range: loop.range, message: `enclosing ${loop.detail} loop` }],
          data: { ...(suggestedKey ? { suggestedKey } : {}), loopVariables: step.loopVariables ?? [], keySource: step.keySource },
        }));
    }
    return out;
  },
};
