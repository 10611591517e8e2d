// Smoke fixture: a 4.x root import of createWorkflow (no awaitly/workflow subpath in 4.x).
import { createWorkflow, ok } from 'awaitly';

export const smoke = createWorkflow('smoke', { load: async (id: string) => ok({ id }) });
export const runSmoke = (id: string) => smoke.run(async ({ step, deps }) => step('load', () => deps.load(id)));
