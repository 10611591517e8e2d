// Steps awaitly records in saved state (runWithState, durable snapshots) but never reads back: they re-run on
// every resume although the snapshot seems to hold their result.
import type { Finding } from '../types';
import { finding, idText, unrestoredReason, type Rule } from './shared';

export const unrestoredStep: Rule = {
  code: 'unrestored-step',
  defaultSeverity: 'warning',
  description: 'A step is recorded in saved state but never restored on resume.',
  check(wf) {
    if (!wf.restores) return [];
    const out: Finding[] = [];
    for (const step of wf.steps) {
      if (step.restore !== 'recorded-only') continue;
      const recorded = step.recordedKey?.value ?? step.recordedKey?.pattern ?? idText(step);
      // A key does not help where there is no cache (withResource, the item handler's core step); step.all's types
      // (1.35.0 and 4.5.1) take no options, so a key there works at run time but does not type-check.
      const untypedKey = step.kind === 'all' || step.kind === 'parallel';
      const fixable = step.kind !== 'withResource' && !step.uncachedCore && !untypedKey;
      const advice = fixable ? ' Pass an explicit key to cache it.'
        : step.uncachedCore ? " Use the run form ({ run: (item) => … } with the workflow's step) to cache it."
        : untypedKey ? ` Its types take no options (a third argument { key } is read at run time but does not type-check): to cache the work, make each operation its own keyed step.` : '';
      out.push(finding(this, wf, { file: step.file, range: step.calleeRange },
        `${step.kind === 'step' ? 'step' : `step.${step.method}`} '${idText(step)}' is recorded in saved state under '${recorded}' but never restored (${unrestoredReason(step)}): it runs again on every resume.${advice}`,
        { data: fixable ? { suggestedKey: step.id?.value ?? recorded, kind: step.kind } : { kind: step.kind } }));
    }
    return out;
  },
};
