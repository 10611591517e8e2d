// duplicate-step-id: 'load' twice (reported); the same id in if/else arms (not reported); same id with
// distinct explicit keys (info only).
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok } from 'awaitly';
import { bump } from './counter';

export const dup = createWorkflow('dup', {});

export const runDup = (flag: boolean, resumeState?: ResumeState) =>
  dup.runWithState(async ({ step }) => {
    const x = await step('load', () => (bump('load-1'), ok('first-value')));
    const y = await step('load', () => (bump('load-2'), ok('second-value')));
    if (flag) await step('notify', () => (bump('notify-a'), ok('a')));
    else await step('notify', () => (bump('notify-b'), ok('b')));
    await step('save', () => ok(1), { key: 'save:a' });
    await step('save', () => ok(2), { key: 'save:b' });
    return { x, y };
  }, { resumeState });
