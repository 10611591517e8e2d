// Forms awaitly 4.5.1 fails on at run time (core/test/analysis/entries-4x.test.ts runs each one):
// a step without an id first, a positional (step, deps) callback, the callable form, and run(name, fn).
import { createWorkflow, run } from 'awaitly';
import { deps, loadUser } from './deps';

export const legacy = createWorkflow('legacy', deps);

export function stepWithoutId(id: string) {
  return legacy.run(async ({ step, deps: d }) => {
    await step('first', () => d.loadUser(id));
    // @ts-expect-error the pre-4 form: the first argument must be the step id
    return step(() => d.loadUser(`${id}-again`), { key: 'user:again' });
  });
}

export function positionalCallback(id: string) {
  // @ts-expect-error the callback receives one context object, not (step, deps)
  return legacy.run(async (step, d) => step('loadUser', () => d.loadUser(id)));
}

export function callableForm(id: string) {
  // @ts-expect-error the workflow object is not callable
  return legacy(async ({ step, deps: d }) => step('loadUser', () => d.loadUser(id)));
}

export function runWithName(id: string) {
  // @ts-expect-error core run() has no (name, fn) overload
  return run('named-run', async ({ step }) => step('loadUser', () => loadUser(id)));
}
