// A key computed from the clock or a random source differs on every run, so a resume never finds it.
import type { Finding } from '../types';
import { finding, idText, type Rule } from './shared';

export const unstableStepKey: Rule = {
  code: 'unstable-step-key',
  defaultSeverity: 'warning',
  description: 'A cache key depends on Date.now(), Math.random(), a UUID generator or similar.',
  check(wf) {
    const out: Finding[] = [];
    for (const step of wf.steps) {
      const first = step.unstableKeyParts[0];
      if (!first || !step.key) continue;
      out.push(finding(this, wf, { file: step.key.file, range: step.key.range },
        `The cache key of step '${idText(step)}' depends on ${first.text}, which changes on every run: a resumed run never finds the saved result and runs the step again.`,
        {
          related: step.unstableKeyParts.map((p) => ({ file: p.file, range: p.range, message: `non-deterministic value ${p.text}` })),
          data: { suggestedKey: step.id?.value ?? idText(step), unstable: step.unstableKeyParts.map((p) => p.text) },
        }));
    }
    return out;
  },
};
