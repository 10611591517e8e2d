// unrestored-step: recorded in the resume state but re-run on resume. Not reported: retry with a key.
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok } from 'awaitly';
import { bump } from './counter';

export const unrestored = createWorkflow('unrestored', {});

export const runUnrestored = (resumeState?: ResumeState) =>
  unrestored.runWithState(async ({ step }) => {
    await step.retry('charge', () => (bump('charge'), ok(1)), { attempts: 3 });
    await step.retry('chargeKeyed', () => (bump('chargeKeyed'), ok(1)), { attempts: 3, key: 'charge:keyed' });
    await step.withResource('conn', { acquire: async () => ok('c'), use: async () => (bump('conn'), ok(1)), release: () => undefined });
    await step('noCache', () => (bump('noCache'), ok(1)), { key: undefined });
    return 'ok';
  }, { resumeState });
