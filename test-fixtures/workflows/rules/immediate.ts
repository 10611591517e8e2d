// immediate-step-execution: a started call / awaited value handed to step (awaitly accepts it at run time;
// the types reject it, hence the expect-error). Not reported: a function reference and a factory call that
// returns a function.
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok, type AsyncResult } from 'awaitly';
import { bump } from './counter';

const sendInvoice = async (id: string): AsyncResult<string, 'SMTP'> => (bump(`sendInvoice:${id}`), ok(`sent-${id}`));
const makeOp = (id: string) => () => sendInvoice(id);

export const immediate = createWorkflow('immediate', { sendInvoice });

export const runImmediate = (id: string, resumeState?: ResumeState) =>
  immediate.runWithState(async ({ step, deps }) => {
    // @ts-expect-error a promise instead of a function: accepted at run time, rejected by the types
    const sent = await step('send', deps.sendInvoice(id));
    const later = await step('later', makeOp(`${id}-later`));
    const byRef = await step('byRef', () => deps.sendInvoice(`${id}-ref`));
    return { sent, later, byRef };
  }, { resumeState });
