// The operation is a call that already started (a promise or a Result value) instead of a function: the work
// runs when the argument is evaluated, even when awaitly then skips the step because its result is cached.
import type { Finding } from '../types';
import { finding, idText, type Rule } from './shared';

export const immediateStepExecution: Rule = {
  code: 'immediate-step-execution',
  defaultSeverity: 'warning',
  description: 'A step receives an already-started call or promise instead of a function.',
  check(wf) {
    const out: Finding[] = [];
    for (const step of wf.steps) {
      const op = step.operation;
      if (op.form !== 'value' || !op.range || !op.text) continue;
      const body = op.text.replace(/^await\s+/, '');
      // Reported on the step call (where the reader looks); the quick fix replaces the operation (data.range).
      out.push(finding(this, wf, { file: step.file, range: step.calleeRange },
        `Step '${idText(step)}' is given ${op.text.length > 40 ? 'a value' : `\`${op.text}\``} instead of a function: the work starts before the step runs, so it also runs when the step is skipped on resume. Wrap it: \`() => ${body}\`.`,
        { related: [{ file: step.file, range: op.range, message: 'this call starts the work immediately' }], data: { replacement: `() => ${body}`, range: op.range } }));
    }
    return out;
  },
};
