// A helper in another module receives the step object; its steps belong to the calling workflow.
import type { RunStep } from 'awaitly/workflow';
import { ok } from 'awaitly';

export const KEYS = { audit: 'audit:v1' } as const;
export const AUDIT_ID = 'audit';

export async function audit(step: RunStep<never>, what: string) {
  await step(AUDIT_ID, () => ok(what), { key: KEYS.audit });
  for (const part of what.split(',')) {
    await step('audit-part', () => ok(part), { key: `audit-part:${part}` });
  }
}

export async function withCtx({ step: inner }: { step: RunStep<never> }) {
  return inner.workflow('child', async () => ok('child-result'));
}
