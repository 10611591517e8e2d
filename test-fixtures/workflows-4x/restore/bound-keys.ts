// Bound steps (`steps.<dep>(…)`) on awaitly 4.5.1: the key is the dep name, then `<dep>#2`, `<dep>#3`… per dep per
// run, counted at runtime wherever the call is, also inside helper functions the workflow calls. The test analyses
// this file and runs it (record, then resume with counted calls) to compare the keys.
import { createWorkflow, ok, type BoundSteps } from 'awaitly';

export const calls: string[] = [];
const getUser = async (id: string) => (calls.push(`getUser:${id}`), ok({ id }));
const getOrder = async (id: string) => (calls.push(`getOrder:${id}`), ok({ id }));

const deps = { getUser, getOrder };
export const bound = createWorkflow('bound', deps);

async function loadPair(steps: BoundSteps<typeof deps>, a: string, b: string) {
  await steps.getUser(a);
  await steps.getOrder(`o-${a}`);
  return steps.getUser(b);
}

export type BoundRunner = Pick<typeof bound, 'run'>;

export function runBound(runner: BoundRunner = bound) {
  return runner.run(async ({ steps }) => {
    await steps.getUser('u1');
    await loadPair(steps, 'u2', 'u3');
    await steps.getOrder('o-9');
    await loadPair(steps, 'u4', 'u5');
    return 'done';
  });
}
