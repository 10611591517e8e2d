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
      const loop = [...step.context].reverse().find((f) => f.kind === 'loop')!;
      const variable = step.loopVariables?.[0];
      const base = step.key.value ?? idText(step);
      const suggestedKey = variable ? `\`${base}:\${${variable}}\`` : undefined;
      out.push(finding(this, wf, { file: step.key.file, range: step.key.range },
        `Step '${idText(step)}' runs once per iteration of a ${loop.detail} loop, but its cache key ${step.key.value !== undefined ? `'${step.key.value}'` : step.key.text} is the same each time: resumed runs return one saved result for every iteration.`,
        {
          related: [{ file: loop.file, range: loop.range, message: `enclosing ${loop.detail} loop` }],
          data: { ...(suggestedKey ? { suggestedKey } : {}), loopVariables: step.loopVariables ?? [], keySource: step.keySource },
        }));
    }
    return out;
  },
};
