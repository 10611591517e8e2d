// Steps reached through helpers (positional and destructured), plus a shadowed `step` that is not awaitly's.
import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
import { audit, withCtx } from './helpers';

const step = (label: string) => label.toUpperCase(); // unrelated function named step

export const reporting = createWorkflow('reporting', {});

export const runReporting = () =>
  reporting.run(async ({ step: wfStep }) => {
    step('not a step');
    await audit(wfStep, 'a,b');
    const child = await withCtx({ step: wfStep });
    const tools = { step: (x: string) => x };
    tools.step('also not a step');
    // step('in a comment') is not a step either
    const text = "step('in a string')";
    return { child, text };
  });
