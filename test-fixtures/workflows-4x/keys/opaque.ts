// Keys and operations that are not what they look like: options built by awaitly's withPolicy over its own
// policies (the key is the step options'), by withPolicy over a policy of ours or a spread (opaque, not a
// dynamic key), keys from createHook() and from ctx.workflowId (a fresh UUID per unnamed run), and pure
// Result values given as the operation (nothing starts early). awaitly 4.5.1 twin of ../../workflows/dataflow/opaque.ts.
import { createWorkflow, createHook, withPolicy, retryPolicies, ok, type ResumeState } from 'awaitly';
import { bump } from './counter';

const base = { description: 'from a shared object' };
/** A policy of our own: withPolicy merges whatever it holds, so the key is not visible here. */
const localPolicy = { ...retryPolicies.none };
const constant = ok('constant');

export const opaque = createWorkflow('opaque', {});

/** Unnamed: ctx.workflowId is a new UUID in every run. */
export const runOpaque = (resumeState?: ResumeState) => opaque.runWithState(async ({ step, ctx }) => {
  // awaitly's own policies hold no key: the step options decide (none here, so the id; then 'policy:k').
  const p = await step('policed', () => (bump('policed'), ok('p')), withPolicy(retryPolicies.none, {}));
  const k = await step('policedKey', () => (bump('policedKey'), ok('k')), withPolicy(retryPolicies.standard, { key: 'policy:k' }));
  const l = await step('custom', () => (bump('custom'), ok('l')), withPolicy(localPolicy, {}));
  const s = await step('spread', () => (bump('spread'), ok('s')), { ...base });
  // @ts-expect-error a Result instead of a function: accepted at run time, rejected by the types
  const v = await step('pure', ok('v'));
  // @ts-expect-error the same, through a constant
  const c = await step('constant', constant);
  const { stepKey } = createHook();
  const h = await step('hooked', () => (bump('hooked'), ok('h')), { key: stepKey });
  const w = await step('perRun', () => (bump('perRun'), ok('w')), { key: `run:${ctx.workflowId}` });
  return [p, k, l, s, v, c, h, w];
}, { resumeState });

/** Named: ctx.workflowId is the name, the same in every run. */
export const runNamed = (resumeState?: ResumeState) =>
  opaque.runWithState('opaque-fixed', async ({ step, ctx }) => step('perRun', () => (bump('perRunNamed'), ok('w')), { key: `run:${ctx.workflowId}` }), { resumeState });
