// awaitly/testing: the harness's run and runWithInput (scripted outcomes; MockStep also takes step(fn, 'name')),
// testWorkflow (real deps, no cache), and the saga harness's runSaga (seen, not analysed).
import { createWorkflowHarness, createSagaHarness, testWorkflow } from 'awaitly/testing';
import { deps } from './deps';

export async function harnessRun() {
  const harness = createWorkflowHarness(deps);
  harness.script([{ type: 'ok', value: { id: 'scripted' } }, { type: 'ok', value: { receipt: 'r' } }]);
  const result = await harness.run(async ({ step, deps: d }) => {
    const user = await step('loadUser', () => d.loadUser('u1'));
    await step(() => d.charge(1), 'charge');
    return user;
  });
  return { result, invocations: harness.getInvocations() };
}

export async function harnessWithInput() {
  const harness = createWorkflowHarness(deps);
  harness.script([{ type: 'ok', value: { id: 'scripted' } }]);
  return harness.runWithInput({ id: 'u2' }, async ({ step, deps: d, input }) => step('loadUser', () => d.loadUser(input.id)));
}

export function realDeps(id: string) {
  return testWorkflow(deps, async ({ step, deps: d }) => {
    await step('loadUser', () => d.loadUser(id));
    return step('loadUser', () => d.loadUser(id));
  });
}

export async function sagaHarness() {
  const harness = createSagaHarness(deps);
  harness.script([{ type: 'ok', value: { receipt: 'r' } }]);
  return harness.runSaga(async ({ saga, deps: d }) => saga.step('charge', () => d.charge(1)));
}
