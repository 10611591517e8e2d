// Aliases: `const s = step`, `const { step } = ctx`, a namespace import and an import rename.
import * as aw from 'awaitly/workflow';
import { createWorkflow as makeWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

const orders = aw.createWorkflow('orders', {});
const invoices = makeWorkflow('invoices', {});

export const runOrders = () =>
  orders.runWithState(async (ctx) => {
    const { step } = ctx;
    const s = step;
    await s('load', () => ok(1));
    await ctx.step.sleep('pause', '1ms', { key: 'pause' });
    return 1;
  });

export const runInvoices = () => invoices.run(async ({ step }) => step('invoice', () => ok('inv-1')));
