// Does awaitly refuse to load this snapshot? Its own checks, run on the parsed value: validateSnapshot for a
// WorkflowSnapshot (durable.run's load runs assertValidSnapshot and returns PERSISTENCE_ERROR, operation 'load'),
// and what deserializeResumeState throws on for a serialized ResumeState. Checked against 1.35.0 and 4.5.1 in
// core/test/replay/invalid-plan.test.ts. The messages are core/src/snapshot's copies of awaitly's.
import { collectResumeStateProblems, validateSnapshot } from '../snapshot/index';
import type { SerializedResumeState } from '../snapshot/index';
import type { ReplayInput } from './types';

/** awaitly's validation errors for the value (empty: it loads). */
export function awaitlyRejection(value: unknown, format: ReplayInput['format']): string[] {
  try {
    if (format === 'resume-state') return collectResumeStateProblems(value as SerializedResumeState).map((p) => p.message);
    const verdict = validateSnapshot(value);
    return verdict.valid ? [] : verdict.errors;
  } catch (error) {
    // validateSnapshot itself throws on a formatVersion that cannot become a string; so does awaitly's.
    return [`awaitly's validator throws ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
  }
}
