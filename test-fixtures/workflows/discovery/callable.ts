// The persistence guide's callable form. awaitly 1.35 has no callable workflow object (TypeError at run
// time) and its types reject it, hence the expect-error; the analysis still lists its steps.
import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

const workflow = createWorkflow('guide', {});

export const runGuide = () =>
  // @ts-expect-error the callable form does not exist in awaitly 1.35
  workflow(async (step: any, deps: unknown) => {
    const user = await step('fetchUser', () => ok({ id: '1' }), { key: 'user:1' });
    return { user, deps };
  });
