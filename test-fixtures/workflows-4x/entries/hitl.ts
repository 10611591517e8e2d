// The HITL orchestrator runs the workflow the factory builds, with resumeState from its state store.
import { createWorkflow, pendingApproval, type AsyncResult } from 'awaitly';
import { createHITLOrchestrator, createMemoryApprovalStore, createMemoryWorkflowStateStore, type PendingApproval } from 'awaitly/durable';
import { calls, loadUser } from './deps';

export const approvals = createMemoryApprovalStore();

async function requireApproval(id: string): AsyncResult<{ by: string }, PendingApproval> {
  calls.push(`requireApproval:${id}`);
  return pendingApproval(`approval:${id}`);
}

const hitlDeps = { loadUser, requireApproval };
export const orchestrator = createHITLOrchestrator({ approvalStore: approvals, workflowStateStore: createMemoryWorkflowStateStore() });

/** A human approves: the orchestrator injects the value into the saved state of the waiting run. */
export function approve(id: string) {
  return orchestrator.grantApproval(`approval:${id}`, { by: 'manager' }, { autoResume: false });
}

export function startRefund(id: string) {
  return orchestrator.execute('refund-approval', ({ resumeState, onEvent }) => createWorkflow('refund-approval', hitlDeps, { resumeState, onEvent }),
    async ({ step, deps: d, args }) => {
      const user = await step('loadUser', () => d.loadUser(args.id));
      return step('approval', () => d.requireApproval(user.id), { key: `approval:${user.id}` });
    }, { id });
}

export function resumeRefund(runId: string, id: string) {
  return orchestrator.resume(runId, ({ resumeState, onEvent }) => createWorkflow('refund-approval', hitlDeps, { resumeState, onEvent }),
    async ({ step, deps: d }) => {
      const user = await step('loadUser', () => d.loadUser(id));
      return step('approval', () => d.requireApproval(user.id), { key: `approval:${user.id}` });
    });
}
