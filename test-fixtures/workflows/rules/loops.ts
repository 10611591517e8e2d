// loop-invariant-step-key: literal keys in for-of and .map callbacks are reported; keys built from the loop
// variable, a counter changed in the loop, and bound steps (auto-suffixed) are not.
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok, type AsyncResult } from 'awaitly';
import { bump } from './counter';

const charge = async (id: string): AsyncResult<string, 'DECLINED'> => (bump(`charge:${id}`), ok(`charged-${id}`));

export const loops = createWorkflow('loops', { charge });

export const runLoops = (items: Array<{ id: string }>, resumeState?: ResumeState) =>
  loops.runWithState(async ({ step, steps }) => {
    const results: string[] = [];
    for (const item of items) {
      results.push(await step('process', () => (bump(`process:${item.id}`), ok(`processed-${item.id}`))));
    }
    await Promise.all(items.map((item) => step('notify', () => ok(item.id), { key: 'notify' })));
    for (const item of items) {
      await step('good', () => ok(item.id), { key: `good:${item.id}` });
    }
    let page = 0;
    while (page < 2) {
      await step('page', () => ok(page), { key: `page:${page}` });
      page++;
    }
    for (const item of items) await steps.charge(item.id);
    return results;
  }, { resumeState });
