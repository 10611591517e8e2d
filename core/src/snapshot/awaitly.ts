// awaitly@1.35.0's snapshot helpers, reproduced operation for operation (awaitly/persistence,
// dist/persistence.js, source in its source map). The order of property reads, `in` checks and
// string conversions is kept on purpose: the differential test feeds the same inputs (including
// prototypes, arrays and odd values) to both and requires identical verdicts, messages and throws.
import type { JsonPath } from './pointer';
import type { StepResult, WorkflowSnapshot } from './types';

/** One error awaitly's validateSnapshot reports, with where it is and a stable code. */
export interface StructuralProblem {
  code: string;
  /** awaitly's message, verbatim. */
  message: string;
  /** Path of the value concerned; for a missing field, the path of the object that lacks it. */
  path: JsonPath;
  /** For missing-required-field: the name of the missing field. */
  missingField?: string;
}

const STATUSES = ['running', 'completed', 'failed'];

/**
 * Every error awaitly's validateSnapshot would report, in its order. `parsedJson` promises the value
 * came from JSON.parse (no prototypes, no getters), which lets the step loop use for-in instead of
 * Object.entries: same keys, same order, and no 100k-pair array on a large snapshot. `onStep` sees
 * every step entry in that loop, so callers need not walk a big steps object twice. `eachStep`, when
 * given, replaces the loop over `steps` itself: the caller feeds it every entry in for-in order (the
 * lean path in lean.ts parses a big file's entries one at a time and never builds the steps object).
 */
export function collectSnapshotProblems(
  obj: unknown,
  parsedJson = false,
  onStep?: (stepId: string, stepResult: unknown) => void,
  eachStep?: (visit: (stepId: string, stepResult: unknown) => void) => void,
): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  const push = (code: string, message: string, path: JsonPath, missingField?: string): void => {
    problems.push(missingField === undefined ? { code, message, path } : { code, message, path, missingField });
  };

  if (typeof obj !== 'object' || obj === null) {
    return [{ code: 'not-an-object', message: 'Snapshot must be an object', path: [] }];
  }
  const snapshot = obj as Record<string, unknown>;

  if (!('formatVersion' in snapshot)) {
    push('missing-required-field', 'Missing required field: formatVersion', [], 'formatVersion');
  } else if (snapshot.formatVersion !== 1) {
    push('invalid-format-version', `Invalid formatVersion: expected 1, got ${snapshot.formatVersion}`, ['formatVersion']);
  }

  if (!('steps' in snapshot)) {
    push('missing-required-field', 'Missing required field: steps', [], 'steps');
  } else if (typeof snapshot.steps !== 'object' || snapshot.steps === null) {
    push('invalid-steps', 'steps must be an object', ['steps']);
  } else {
    const steps = snapshot.steps as Record<string, unknown>;
    const checkStep = (stepId: string, stepResult: unknown): void => {
      // Other per-step work (warnings, member counts) rides on this loop; it must not throw.
      onStep?.(stepId, stepResult);
      if (typeof stepResult !== 'object' || stepResult === null) {
        push('invalid-step-entry', `steps["${stepId}"] must be an object`, ['steps', stepId]);
        return;
      }
      const step = stepResult as Record<string, unknown>;
      if (!('ok' in step)) {
        push('missing-required-field', `steps["${stepId}"] missing required field: ok`, ['steps', stepId], 'ok');
      } else if (typeof step.ok !== 'boolean') {
        push('invalid-step-ok', `steps["${stepId}"].ok must be a boolean`, ['steps', stepId, 'ok']);
      } else if (step.ok === false) {
        if (!('error' in step)) {
          push('missing-required-field', `steps["${stepId}"] is error result but missing error field`, ['steps', stepId], 'error');
        }
        if (!('cause' in step)) {
          push('missing-required-field', `steps["${stepId}"] is error result but missing cause field`, ['steps', stepId], 'cause');
        }
      }
    };
    if (eachStep) eachStep(checkStep);
    else if (parsedJson) {
      for (const stepId in steps) checkStep(stepId, steps[stepId]);
    } else {
      for (const [stepId, stepResult] of Object.entries(steps)) checkStep(stepId, stepResult);
    }
  }

  if (!('execution' in snapshot)) {
    push('missing-required-field', 'Missing required field: execution', [], 'execution');
  } else if (typeof snapshot.execution !== 'object' || snapshot.execution === null) {
    push('invalid-execution', 'execution must be an object', ['execution']);
  } else {
    const execution = snapshot.execution as Record<string, unknown>;
    if (!('status' in execution)) {
      push('missing-required-field', 'execution missing required field: status', ['execution'], 'status');
    } else if (!STATUSES.includes(execution.status as string)) {
      push('invalid-status', 'execution.status must be one of: running, completed, failed', ['execution', 'status']);
    }
    if (!('lastUpdated' in execution)) {
      push('missing-required-field', 'execution missing required field: lastUpdated', ['execution'], 'lastUpdated');
    } else if (typeof execution.lastUpdated !== 'string') {
      push('invalid-last-updated', 'execution.lastUpdated must be a string (ISO timestamp)', ['execution', 'lastUpdated']);
    }
  }
  return problems;
}

export type ValidateResult = { valid: true; snapshot: WorkflowSnapshot } | { valid: false; errors: string[] };

/** Same contract and verdict as awaitly's validateSnapshot. */
export function validateSnapshot(obj: unknown): ValidateResult {
  const problems = collectSnapshotProblems(obj);
  if (problems.length > 0) return { valid: false, errors: problems.map((p) => p.message) };
  return { valid: true, snapshot: obj as WorkflowSnapshot };
}

/** Same check as awaitly's looksLikeWorkflowSnapshot / isWorkflowSnapshot (accepts execution: null). */
export function looksLikeWorkflowSnapshot(obj: unknown): obj is WorkflowSnapshot {
  return (
    typeof obj === 'object' &&
    obj !== null &&
    'formatVersion' in obj &&
    (obj as { formatVersion: unknown }).formatVersion === 1 &&
    'steps' in obj &&
    typeof (obj as { steps: unknown }).steps === 'object' &&
    (obj as { steps: unknown }).steps !== null &&
    'execution' in obj &&
    typeof (obj as { execution: unknown }).execution === 'object'
  );
}

/** Thrown by assertValidSnapshot; `name` is "SnapshotFormatError" as in awaitly, `errors` lists every problem. */
export class SnapshotFormatError extends Error {
  readonly problems: StructuralProblem[];
  constructor(
    message: string,
    readonly errors: string[] = [],
    problems: StructuralProblem[] = [],
  ) {
    super(message);
    this.name = 'SnapshotFormatError';
    this.problems = problems;
  }
}

/** Same contract as awaitly's assertValidSnapshot: returns the same reference or throws. */
export function assertValidSnapshot(obj: unknown): WorkflowSnapshot {
  const problems = collectSnapshotProblems(obj);
  if (problems.length > 0) {
    const errors = problems.map((p) => p.message);
    throw new SnapshotFormatError(`Invalid snapshot format: ${errors[0]}`, errors, problems);
  }
  return obj as WorkflowSnapshot;
}

/**
 * Same result as awaitly's mergeSnapshots: delta steps overwrite base steps, execution from delta,
 * metadata shallow-merged, base warnings kept only for steps the delta did not re-run.
 * Like awaitly it drops `workflowName` and any other top-level field, and does not validate.
 */
export function mergeSnapshots(base: WorkflowSnapshot, delta: WorkflowSnapshot): WorkflowSnapshot {
  const mergedSteps = Object.create(null) as Record<string, StepResult>;
  for (const [key, value] of Object.entries(base.steps)) {
    if (Object.prototype.hasOwnProperty.call(base.steps, key)) mergedSteps[key] = value;
  }
  for (const [key, value] of Object.entries(delta.steps)) {
    if (Object.prototype.hasOwnProperty.call(delta.steps, key)) mergedSteps[key] = value;
  }
  const mergedMetadata = base.metadata || delta.metadata ? { ...base.metadata, ...delta.metadata } : undefined;
  // One expression, as awaitly's build has it: a non-array `warnings` then fails with the same
  // TypeError message ("... is not a function or its return value is not iterable").
  const mergedWarnings = [
    ...(base.warnings || []).filter((w) => !Object.prototype.hasOwnProperty.call(delta.steps, w.stepId)),
    ...(delta.warnings || []),
  ];
  return {
    formatVersion: 1,
    steps: mergedSteps,
    execution: { ...delta.execution },
    metadata: mergedMetadata,
    warnings: mergedWarnings.length > 0 ? mergedWarnings : undefined,
  };
}
