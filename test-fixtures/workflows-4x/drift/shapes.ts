// One durable workflow (id 'shape-1') and edited versions of it, for awaitly 4.5.1's shape guard: the test runs
// `base` until its last step fails (the checkpoint stays in the store), then resumes each version from that
// checkpoint and sees which ones durable.run rejects with WorkflowShapeDriftError. `resumeWithCreateWorkflow`
// resumes the same snapshot through createWorkflow({ snapshot }), which checks nothing.
import { createWorkflow, ok, err, type WorkflowSnapshot } from 'awaitly';
import { durable, type SnapshotStore } from 'awaitly/durable';

export const control = { failLast: true };
export const calls: string[] = [];
const deps = {
  getUser: async (id: string) => (calls.push(`getUser:${id}`), ok({ id })),
  finish: async () => (calls.push('finish'), control.failLast ? err('NOT_YET' as const) : ok('done')),
};
const op = (label: string) => () => (calls.push(label), ok(label));

// The durable callback's type has no `steps` in awaitly 4.5.1 (hence the @ts-expect-error); at run time it is there.
const options = (store: SnapshotStore) => ({ id: 'shape-1', store });

export const base = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step('a', op('a'));
    await steps.getUser('u1');
    await step('b', op('b'));
    await step('last', () => deps.finish());
  }, options(store));

export const reordered = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step('b', op('b'));
    await steps.getUser('u1');
    await step('a', op('a'));
    await step('last', () => deps.finish());
  }, options(store));

export const renamed = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step('a', op('a'));
    await steps.getUser('u1');
    await step('b2', op('b'));
    await step('last', () => deps.finish());
  }, options(store));

export const insertedBefore = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step('a0', op('a0'));
    await step('a', op('a'));
    await steps.getUser('u1');
    await step('b', op('b'));
    await step('last', () => deps.finish());
  }, options(store));

export const otherBoundArgs = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step('a', op('a'));
    await steps.getUser('u2');
    await step('b', op('b'));
    await step('last', () => deps.finish());
  }, options(store));

export const appended = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step('a', op('a'));
    await steps.getUser('u1');
    await step('b', op('b'));
    await step('last', () => deps.finish());
    await step('extra', op('extra'));
  }, options(store));

export const resourceAndRaceAdded = (store: SnapshotStore) =>
  durable.run(deps, async ({
    step,
    // @ts-expect-error -- see above
    steps,
  }) => {
    await step.withResource('res', { acquire: async () => ok('r'), use: async () => (calls.push('res'), ok(1)), release: () => undefined });
    await step('a', op('a'));
    await step.race('rc', op('rc'));
    await steps.getUser('u1');
    await step('b', op('b'));
    await step('last', () => deps.finish());
  }, options(store));

export const checkout = createWorkflow('shape-1', deps);

/** The edited order again, through createWorkflow resuming from the durable snapshot: no shape check. */
export function resumeWithCreateWorkflow(snapshot: WorkflowSnapshot) {
  return checkout.run(async ({ step, steps }) => {
    await step('b', op('b'));
    await steps.getUser('u1');
    await step('a', op('a'));
    await step('last', () => deps.finish());
  }, { snapshot });
}
