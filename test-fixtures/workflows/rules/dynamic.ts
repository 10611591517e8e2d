// dynamic-step-key (info): an id only known at run time. Not reported: a template with a fixed prefix.
import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

export const dynamic = createWorkflow('dynamic', {});

export const runDynamic = (stepName: string, orderId: string) =>
  dynamic.run(async ({ step }) => {
    await step(stepName, () => ok(1));
    await step('order', () => ok(2), { key: `order:${orderId}` });
  });
