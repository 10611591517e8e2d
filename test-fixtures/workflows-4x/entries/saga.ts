// createSagaWorkflow (a createWorkflow: restores) and runSaga (no cache), both from awaitly/durable in 4.x.
import { createSagaWorkflow, runSaga } from 'awaitly/durable';
import type { ResumeState } from 'awaitly';
import { charge, deps } from './deps';

export const refunds = createSagaWorkflow('refunds', deps);

export function runRefund(amount: number, resumeState?: ResumeState) {
  return refunds.run(async ({ step, deps: d }) => step('charge', () => d.charge(amount), { compensate: () => undefined }), { resumeState });
}

export function runPlainSaga(amount: number) {
  return runSaga<{ receipt: string }, 'DECLINED'>(async ({ step }) => step('charge', () => charge(amount), { compensate: () => undefined }));
}
