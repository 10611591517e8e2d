// Every step form with and without keys, for awaitly 4.5.1 (this folder's `awaitly`). The test analyses this file,
// then runs it with 4.5.1 twice (record, then resume from the recorded state; once through createWorkflow's
// runWithState, once through durable.run) and compares what actually ran with the predicted keys.
import { createWorkflow, ok } from 'awaitly';

export const calls: Record<string, number> = {};
const bump = (label: string) => {
  calls[label] = (calls[label] ?? 0) + 1;
};
export const fetchUser = async (id: string) => {
  bump(`bound:${id}`);
  return ok({ id });
};

export const forms = createWorkflow('forms', { fetchUser }, { errors: ['NF'] as const });

/** Anything with forms' `run` (the test passes runners around runWithState and durable.run). */
export type FormsRunner = Pick<typeof forms, 'run'>;

export function runForms(runner: FormsRunner = forms) {
  return runner.run(async ({ step, steps }) => {
    await step('s1', () => (bump('s1'), ok(1)));
    await step('s2', () => (bump('s2'), ok(2)), { key: 'k2' });
    await step('s3', () => (bump('s3'), ok(3)), { key: undefined });
    await step('s4', () => (bump('s4'), ok(4)), { key: '' });
    await step.try('t1', () => (bump('t1'), 1), { error: 'NF' as const });
    await step.try('t2', () => (bump('t2'), 2), { error: 'NF' as const, key: undefined });
    await step.fromResult('fr', () => (bump('fr'), ok(1)), { error: 'NF' as const });
    await step.retry('r1', () => (bump('r1'), ok(1)), { attempts: 2 });
    await step.retry('r2', () => (bump('r2'), ok(2)), { attempts: 2, key: 'rk' });
    await step.withTimeout('to1', () => (bump('to1'), ok(1)), { ms: 1000 });
    await step.withTimeout('to2', () => (bump('to2'), ok(2)), { ms: 1000, key: 'tok' });
    await step.sleep('sl1', '1ms');
    await step.sleep('sl2', '1ms', { key: 'slk' });
    await step.all('al1', { a: () => (bump('al1'), ok(1)) });
    // @ts-expect-error awaitly 4.5.1's types declare two parameters; the runtime honours options.key
    await step.all('al2', { a: () => (bump('al2'), ok(1)) }, { key: 'alk' });
    await step.map('mp1', [1], async (x) => (bump('mp1'), ok(x)));
    await step.map('mp2', [1], async (x) => (bump('mp2'), ok(x)), { key: 'mpk' });
    await step.race('rc', () => (bump('rc'), ok(1)));
    await step.workflow('wf', async () => (bump('wf'), ok(1)));
    await step.withFallback('fb', async () => (bump('fb'), ok(1)), { fallback: async () => ok(2) });
    await step.withResource('wr', { acquire: async () => ok('res'), use: async () => (bump('wr'), ok(1)), release: () => undefined });
    await steps.fetchUser('a');
    await steps.fetchUser('b');
    return 'done';
  });
}
