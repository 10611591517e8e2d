// The 4.x twin of test-fixtures/workflows/replay/orders.ts (same steps, awaitly 4.5.1 imports): dependencies can be
// made to fail, so tests can produce real partial states, plan a resume from them, resume for real and compare.
import { createWorkflow, ok, err, type AsyncResult, type ResumeState, type WorkflowSnapshot } from 'awaitly';
import { durable, type SnapshotStore } from 'awaitly/durable';

export const control = { failCharge: false, failShip: false };
export const calls: Record<string, number> = {};
const bump = (label: string) => {
  calls[label] = (calls[label] ?? 0) + 1;
};

const notify = async (orderId: string): AsyncResult<string, 'SMTP'> => (bump('notify'), ok(`notified-${orderId}`));
const charge = async (): AsyncResult<string, 'DECLINED'> => (bump('charge'), control.failCharge ? err('DECLINED') : ok('charged'));
const ship = async (): AsyncResult<string, 'NO_COURIER'> => (bump('ship'), control.failShip ? err('NO_COURIER') : ok('shipped'));

export const orders = createWorkflow('orders', { notify, charge, ship });

export function runOrders(orderId: string, config: { resumeState?: ResumeState; snapshot?: WorkflowSnapshot } = {}) {
  return orders.runWithState(async ({ step, steps, deps }) => {
    const order = await step('loadOrder', () => (bump('loadOrder'), ok({ id: orderId, total: 10 })));
    await step('reserve', () => (bump('reserve'), ok('reserved')), { key: `reserve:${order.id}` });
    await step.retry('price', () => (bump('price'), ok(10)), { attempts: 2 });
    await step('charge', () => deps.charge());
    await steps.notify(orderId);
    await step('ship', () => deps.ship());
    return 'done';
  }, config);
}

/** The same steps under durable.run, whose saves are real WorkflowSnapshot objects. */
export function runDurableOrder(orderId: string, store: SnapshotStore) {
  return durable.run({ notify, charge, ship }, async ({ step, deps }) => {
    await step('loadOrder', () => (bump('loadOrder'), ok({ id: orderId })));
    await step('reserve', () => (bump('reserve'), ok('reserved')), { key: `reserve:${orderId}` });
    await step.retry('price', () => (bump('price'), ok(10)), { attempts: 2 });
    await step('charge', () => deps.charge());
    await step('ship', () => deps.ship());
    return 'done';
  }, { id: `order-${orderId}`, store });
}
