// unstable-step-key: keys from the clock or a random source, directly and through local variables.
// Not reported: a deterministic Date, and Date.now() used inside the operation.
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok } from 'awaitly';
import { randomUUID } from 'node:crypto';
import { bump } from './counter';

export const unstable = createWorkflow('unstable', {});

export const runUnstable = (input: { at: string }, resumeState?: ResumeState) =>
  unstable.runWithState(async ({ step }) => {
    await step('stamp', () => (bump('stamp'), ok(1)), { key: `stamp:${Date.now()}` });
    const requestId = randomUUID();
    await step('request', () => (bump('request'), ok(2)), { key: `request:${requestId}` });
    await step(`job-${Math.random()}`, () => ok(3));
    const day = new Date(input.at).toISOString().slice(0, 10);
    await step('daily', () => ok(4), { key: `daily:${day}` });
    await step('timed', () => ok(Date.now()));
    return 'ok';
  }, { resumeState });
