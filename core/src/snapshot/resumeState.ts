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

/**
 * The entries deserializeResumeState would throw on, one problem each. Each step mirrors what
 * awaitly does with an entry: `for (const [key, result] of steps)` (holes included, any iterable
 * entry destructured), `result.ok`, then deserializeCauseNew(result.cause), which converts each
 * error message to a string and recurses down `cause` (so a very deep chain overflows its stack).
 */
export function collectResumeStateProblems(raw: SerializedResumeState): StructuralProblem[] {
  const problems: StructuralProblem[] = [];
  const steps = raw.steps as unknown[];
  for (let i = 0; i < steps.length; i++) {
    const path = ['steps', i];
    let sr: unknown;
    try {
      // A string destructures too ("ab" → key "a", result "b"); no one-character result has a cause.
      if (typeof steps[i] === 'string') throw new TypeError('string entry');
      [, sr] = steps[i] as Iterable<unknown>;
    } catch {
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}] must be a [key, result] pair`, path });
      continue;
    }
    if (sr === null || sr === undefined) {
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}] has no result (expected [key, result])`, path });
      continue;
    }
    const result = sr as Record<string, unknown>;
    if (result.ok) continue;
    const cause = result.cause;
    if (cause === null || cause === undefined) {
      if (typeof sr === 'object') {
        problems.push({ code: 'missing-required-field', message: `steps[${i}] is an error result without a cause`, path: [...path, 1], missingField: 'cause' });
      } else {
        problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}][1] is a ${typeof sr}, not a step result object`, path: [...path, 1] });
      }
      continue;
    }
    let depth: number;
    try {
      depth = badMessageDepth(cause, 0);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}] has a cause chain too deep to restore: deserializeResumeState overflows the stack`, path: [...path, 1, 'cause'] });
      continue;
    }
    if (depth >= 0) {
      const at: (string | number)[] = [...path, 1, 'cause', ...new Array<string>(depth).fill('cause'), 'message'];
      problems.push({ code: 'invalid-resume-state-entry', message: `steps[${i}] has a cause message that cannot be converted to a string`, path: at });
    }
  }
  return problems;
}

/**
 * Depth of the first error message in a cause chain that cannot be converted to a string, or -1.
 * Recursive on purpose, like deserializeCauseNew: a chain deep enough to overflow awaitly's stack
 * overflows this one too, and the caller reports it.
 */
function badMessageDepth(cause: unknown, depth: number): number {
  const c = cause as Record<string, unknown>;
  if (c.type !== 'error') return -1;
  if (c.message !== undefined && toStringThrows(c.message)) return depth;
  return c.cause ? badMessageDepth(c.cause, depth + 1) : -1;
}
