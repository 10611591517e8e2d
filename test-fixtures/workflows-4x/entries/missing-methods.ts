// Step methods the step awaitly 4.5.1 passes does not have: step.parallel anywhere, step.fromNullable inside
// createWorkflow-based runs (core run() has it).
import { createWorkflow, run } from 'awaitly';
import { deps, loadUser } from './deps';

const both = createWorkflow('both', deps);

export function parallel(id: string) {
  // @ts-expect-error step.parallel does not exist
  return both.run(async ({ step, deps: d }) => step.parallel('both', { user: () => d.loadUser(id), charge: () => d.charge(1) }));
}

export function nullableInWorkflow(id: string) {
  return both.run(async ({ step }) => step.fromNullable('maybeUser', () => (id ? { id } : null), () => 'NOT_FOUND' as const));
}

export function nullableInRun(id: string) {
  return run(async ({ step }) => {
    await step('load', () => loadUser(id));
    return step.fromNullable('maybeUser', () => (id ? { id } : null), () => 'MISSING' as const);
  });
}
