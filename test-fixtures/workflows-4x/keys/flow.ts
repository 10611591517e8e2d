// Keys that reach the step call through an options variable, a shorthand property and helper parameters; step
// methods and bound steps taken out by assignment and destructuring. awaitly 4.5.1 twin of ../../workflows/dataflow/flow.ts.
import { createWorkflow, ok, type AsyncResult, type ResumeState, type RunStep } from 'awaitly';
import { bump } from './counter';

const getUser = async (id: string): AsyncResult<string, 'NO_USER'> => (bump(`getUser:${id}`), ok(`user-${id}`));

/** A helper whose key arrives as a parameter: each call site gives its own. */
async function charge(step: RunStep, key: string) {
  return step('charge', () => ok(`charged-${key}#${bump(`charge:${key}`)}`), { key });
}

export const flow = createWorkflow('flow', { getUser });

export const runFlow = (orderId: string, resumeState?: ResumeState) =>
  flow.runWithState(async ({ step, steps }) => {
    const opts = { key: `opts:${orderId}` };
    const a = await step('viaOptions', () => (bump('viaOptions'), ok('a')), opts);
    const key = `short:${orderId}`;
    const b = await step('viaShorthand', () => (bump('viaShorthand'), ok('b')), { key });
    const c1 = await charge(step, `card:${orderId}`);
    const c2 = await charge(step, `wallet:${orderId}`);
    const retry = step.retry;
    const r = await retry('retried', () => (bump('retried'), ok('r')), { attempts: 1, key: `retried:${orderId}` });
    const { sleep } = step;
    await sleep('nap', '1ms', { key: 'nap' });
    const { getUser: fetchUser } = steps;
    const u = await fetchUser(orderId);
    return [a, b, c1, c2, r, u];
  }, { resumeState });

export const collide = createWorkflow('collide', {});

/** The same helper called twice with one key: the second call is served the first's result. */
export const runCollide = (resumeState?: ResumeState) =>
  collide.runWithState(async ({ step }) => {
    const first = await charge(step, 'same');
    const second = await charge(step, 'same');
    return [first, second];
  }, { resumeState });
