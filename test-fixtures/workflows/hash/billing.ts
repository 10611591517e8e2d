// Base workflow for the definition-hash tests; the test edits it in memory (never on disk).
import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

export interface Invoice { id: string; total: number }

export const billing = createWorkflow('billing', {});

export const runBilling = (customerId: string, lines: string[]) =>
  billing.run(async ({ step }) => {
    const customer = await step('loadCustomer', () => ok({ id: customerId, vip: false }));
    for (const line of lines) {
      await step('price', () => ok(line.length), { key: `price:${line}` });
    }
    const invoice = await step('invoice', (): ReturnType<typeof ok<Invoice>> => ok({ id: 'inv-1', total: 10 }));
    if (customer.vip) {
      await step('discount', () => ok(0.1));
    }
    return invoice;
  });
