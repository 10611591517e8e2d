// Webhook and event handlers run workflow.run(fn): the steps are the callback's, the name the workflow's.
import { ok, createWorkflow } from 'awaitly';
import { createWebhookHandler, createEventHandler } from 'awaitly/durable';
import { deps } from './deps';

const checkoutHook = createWorkflow('checkout-hook', deps);

export const handler = createWebhookHandler(checkoutHook, async ({ step, deps: d, args }: { step: any; deps: typeof deps; args: { id: string } }) => step('loadUser', () => d.loadUser(args.id)), {
  validateInput: (req) => ok(req.body as { id: string }),
  mapResult: (result) => ({ status: result.ok ? 200 : 500, body: result }),
});

export const events = createEventHandler(checkoutHook, async ({ step, deps: d, args }: { step: any; deps: typeof deps; args: { amount: number } }) => step('charge', () => d.charge(args.amount)), {
  validatePayload: (event) => ok(event.payload as { amount: number }),
  mapResult: (result) => ({ success: result.ok, ack: true }),
});
