// A key with no static part: the replay plan can only say "maybe" for it, and collisions cannot be checked.
import type { Finding } from '../types';
import { finding, idText, type Rule } from './shared';

export const dynamicStepKey: Rule = {
  code: 'dynamic-step-key',
  defaultSeverity: 'info',
  description: 'A cache key cannot be determined statically.',
  check(wf) {
    const out: Finding[] = [];
    for (const step of wf.steps) {
      if (step.key?.form !== 'dynamic' || step.unstableKeyParts.length) continue;
      out.push(finding(this, wf, { file: step.key.file, range: step.key.range },
        `The cache key of step ${idText(step)} is only known at run time: collisions and replay state cannot be checked statically. A key with a fixed prefix (\`name:\${…}\`) makes it checkable.`,
        { data: { keyText: step.key.text } }));
    }
    return out;
  },
};
