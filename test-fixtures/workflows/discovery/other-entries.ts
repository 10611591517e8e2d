// run(), run(deps, fn), durable.run, sagas and the retry module's unrelated run(schedule).
import { run } from 'awaitly/run';
import { durable } from 'awaitly/durable';
import { createSagaWorkflow, runSaga } from 'awaitly/saga';
import { ok } from 'awaitly';
import { fetchUser } from './deps';

export const plain = () => run(async ({ step }) => step('only', () => ok(1)));

export const withDeps = () =>
  run({ fetchUser }, async (s, { step }) => {
    const u = await s.fetchUser('1');
    await step('after', () => ok(u.name));
  });

export const durableRun = (orderId: string) =>
  durable.run({ fetchUser }, async ({ step }) => {
    await step('reserve', () => ok(orderId), { key: `reserve:${orderId}` });
    await step('charge', () => ok(2));
  }, { id: `order-${orderId}` });

const refunds = createSagaWorkflow('refunds', { fetchUser });
export const runRefunds = () =>
  refunds.run(async ({ step }) => {
    await step('refund', () => ok(1), { compensate: () => undefined });
  });

export const saga = () =>
  runSaga(async ({ step }) => {
    await step('saga-step', () => ok(1), { compensate: () => undefined });
  });
