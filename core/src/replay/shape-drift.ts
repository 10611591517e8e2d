// awaitly 4.x durable guard: the keys passed to onBeforeStep (`key ?? id`, in execution order) must repeat the
// stored metadata.stepOrder position by position; the first difference fails the resume (awaitly-4-api.md §6).
// This module owns the rule: the replay plan (plan.ts) and the store check (cli/storeCheck.ts) both ask it.
import type { AwaitlySemantics, StaticString, WorkflowInfo } from '../analysis/types';
import { canProduce } from '../analysis/patterns';
import { awaitlyLine } from '../semantics/lines';
import type { ReplayInput, ShapeDrift } from './types';

/**
 * The WorkflowShapeDriftError a resume through durable.run would return: only lines with the durable guard (4.x)
 * compare, and only a snapshot with metadata.stepOrder (which only durable.run writes) has something to compare.
 * Whether the code itself resumes through durable.run is the caller's question (plan.ts).
 */
export function durableResumeDrift(workflow: WorkflowInfo, input: ReplayInput, semantics: AwaitlySemantics): ShapeDrift | undefined {
  if (!input.stepOrder || !awaitlyLine(semantics.line).durableShapeGuard) return undefined;
  return predictShapeDrift(workflow, input.stepOrder, input.stepArgs);
}

/** `storedArgs`: metadata.stepArgs, the bound steps' argument fingerprints by position (null for other steps). */
export function predictShapeDrift(workflow: WorkflowInfo, stored: string[], storedArgs?: Array<string | null>): ShapeDrift | undefined {
  // onBeforeStep sees `key ?? id`, i.e. the recorded key, for the kinds the guard covers.
  const guarded = workflow.steps.filter((s) => s.inStepOrder);
  let certain = true;
  for (let i = 0; i < stored.length && i < guarded.length; i++) {
    const step = guarded[i]!;
    if (step.context.some((f) => f.kind === 'loop' || f.kind === 'branch')) certain = false;
    // A guarded step that records nothing has the explicit key '' (every other guarded form records `key ?? id`):
    // onBeforeStep then sees '', not the id (checked against 4.5.1 in core/test/runtime-4x/restore-kinds.test.ts).
    const key: StaticString | undefined = step.restore === 'not-recorded' && step.id ? { ...step.id, form: 'literal', value: '', text: "''" } : (step.recordedKey ?? step.id);
    if (!key) {
      certain = false;
      continue;
    }
    if (key.value === undefined && !step.unstableKeyParts.length) {
      // A partly known key: only a stored key the pattern cannot produce is a definite difference.
      certain = false;
      if (canProduce(key, stored[i]!)) continue;
    }
    // A key built from Date.now(), createHook(), ... is new in every run: it never repeats the stored one.
    if (step.unstableKeyParts.length) {
      const id = workflow.name?.value ?? workflow.label;
      const actual = key.value ?? key.pattern ?? key.text;
      return {
        stepIndex: i,
        expectedStepKey: stored[i]!,
        actualStepKey: actual,
        certain,
        message: `Workflow '${id}' changed shape since its checkpoint was written: step ${i + 1} was '${stored[i]}' and is now '${actual}', a new value in every run (the key uses ${step.unstableKeyParts[0]!.text}). Every durable resume fails this way until the key stops depending on it.`,
      };
    }
    const actual = key.value ?? key.pattern ?? key.text;
    if (actual !== stored[i]) {
      const id = workflow.name?.value ?? workflow.label;
      return {
        stepIndex: i,
        expectedStepKey: stored[i]!,
        actualStepKey: actual,
        certain,
        message: `Workflow '${id}' changed shape since its checkpoint was written: step ${i + 1} was '${stored[i]}' and is now '${actual}'. Resuming would read the wrong checkpoint. Bump the workflow version to migrate, or clear this id (durable.deleteState(store, '${id}')) and re-run.`,
      };
    }
    // The same key: a bound step must also be called with the same arguments, when both sides have a fingerprint.
    const storedFp = storedArgs?.[i];
    if (storedFp && step.argsFingerprint && storedFp !== step.argsFingerprint) {
      const id = workflow.name?.value ?? workflow.label;
      const expected = `${stored[i]} (args ${storedFp})`;
      const now = `${actual} (args ${step.argsFingerprint})`;
      return {
        stepIndex: i,
        expectedStepKey: expected,
        actualStepKey: now,
        certain,
        message: `Workflow '${id}' changed shape since its checkpoint was written: step ${i + 1} was '${expected}' and is now '${now}'. The bound step is called with other arguments than when the checkpoint was written. Bump the workflow version to migrate, or clear this id (durable.deleteState(store, '${id}')) and re-run.`,
      };
    }
  }
  return undefined;
}
