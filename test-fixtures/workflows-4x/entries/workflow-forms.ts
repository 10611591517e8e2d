// createWorkflow named and unnamed (deps first), withDeps as a function and as a method, runWithState, run(name, fn, config).
import { createWorkflow, withDeps, type ResumeState } from 'awaitly';
import { deps, loadUser } from './deps';

export const named = createWorkflow('checkout', deps);
export const unnamed = createWorkflow(deps);

export function runNamed(id: string, resumeState?: ResumeState) {
  return named.run(`checkout-${id}`, async ({ step, deps: d }) => {
    const user = await step('loadUser', () => d.loadUser(id));
    return step('charge', () => d.charge(user.id.length));
  }, { resumeState });
}

export function runUnnamed(id: string, resumeState?: ResumeState) {
  return unnamed.run(async ({ step, deps: d }) => step('loadUser', () => d.loadUser(id)), { resumeState });
}

export function runWithDepsFunction(id: string, resumeState?: ResumeState) {
  return withDeps(named, { loadUser }).run(async ({ step, deps: d }) => step('loadUser', () => d.loadUser(id)), { resumeState });
}

export function runWithDepsMethod(id: string, resumeState?: ResumeState) {
  return named.withDeps({ loadUser }).runWithState(async ({ steps }) => steps.loadUser(id), { resumeState });
}
