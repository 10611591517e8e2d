// Serialized resume states ({ kind: "ResumeState", steps: [key, StepResult][] }, awaitly/workflow).
// awaitly has no validator for them: `deserializeResumeState` simply throws on what it cannot read.
// The verdict here is "deserializeResumeState would not throw", found without running it.
import type { StructuralProblem } from './awaitly';
import type { SerializedResumeState } from './types';

/** Same check as awaitly's isSerializedResumeState. */
export function isSerializedResumeState(x: unknown): x is SerializedResumeState {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as SerializedResumeState).kind === 'ResumeState' &&
    Array.isArray((x as SerializedResumeState).steps)
  );
}

/**
 * Would `ToString(value)` throw? `new Error(cause.message)` in deserializeCauseNew converts the
 * message; a JSON object with its own `toString` key shadows the callable one, and that conversion
 * then throws a TypeError. Converting a parsed JSON value has no side effects, so just try it.
 */
export function toStringThrows(value: unknown): boolean {
  try {
    void `${value as string}`;
    return false;
  } catch {
    return true;
  }
}

/** The entries deserializeResumeState would throw on, one problem each. */
export function collectResumeStateProblems(raw: SerializedResumeState): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  raw.steps.forEach((entry: unknown, i: number) => {
    const path = ['steps', i];
    if (!Array.isArray(entry)) {
      // Strings destructure too ("ab" → key "a", result "b"), but no string result has a cause.
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}] must be a [key, result] pair`, path });
      return;
    }
    const sr: unknown = entry[1];
    if (typeof sr !== 'object' || sr === null || Array.isArray(sr)) {
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}][1] must be a step result object`, path: [...path, 1] });
      return;
    }
    const result = sr as Record<string, unknown>;
    if (result.ok) return;
    const cause = result.cause;
    if (cause === null || cause === undefined) {
      problems.push({ code: 'missing-required-field', message: `steps[${i}] is an error result without a cause`, path: [...path, 1], missingField: 'cause' });
      return;
    }
    const bad = causeMessageThrows(cause);
    if (bad) {
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}] has a cause message that cannot be converted to a string`, path: [...path, 1, 'cause', ...bad] });
    }
  });
  return problems;
}

/** Path (below the cause) of an error message deserializeCauseNew cannot convert, else undefined. */
function causeMessageThrows(cause: unknown, depth = 0): (string | number)[] | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const c = cause as Record<string, unknown>;
  if (c.type !== 'error') return undefined;
  if (c.message !== undefined && toStringThrows(c.message)) return ['message'];
  if (c.cause && depth < 1000) {
    const inner = causeMessageThrows(c.cause, depth + 1);
    if (inner) return ['cause', ...inner];
  }
  return undefined;
}
