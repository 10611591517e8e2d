// Per workflow entry (how a run is started): does it restore saved steps, does it require step ids, and how the
// notes name it. The same in 1.35.0 and 4.5.1 (each row is run in core/test/analysis/entries-4x.test.ts).
import type { WorkflowEntry } from '../analysis/types';

export interface EntrySpec {
  /** Can a resume skip steps (a cache, resumeState or snapshot reaches the step wrapper)? */
  restores: boolean;
  /** Why nothing is restored, when `restores` is false. */
  noRestoreReason?: string;
  /** Does a step call need a string id first (false: the testing harness's MockStep also takes step(fn, 'name')). */
  stepIdRequired: boolean;
}

export const ENTRIES: Readonly<Record<WorkflowEntry, EntrySpec>> = {
  createWorkflow: { restores: true, stepIdRequired: true },
  createSagaWorkflow: { restores: true, stepIdRequired: true },
  callable: { restores: true, stepIdRequired: true },
  'durable.run': { restores: true, stepIdRequired: true },
  webhook: { restores: true, stepIdRequired: true },
  hitl: { restores: true, stepIdRequired: true },
  run: { restores: false, noRestoreReason: 'run() has no cache, resumeState or snapshot: steps always run', stepIdRequired: true },
  'run-deps': { restores: false, noRestoreReason: 'run() has no cache, resumeState or snapshot: steps always run', stepIdRequired: true },
  runSaga: { restores: false, noRestoreReason: 'runSaga() has no cache, resumeState or snapshot: steps always run', stepIdRequired: true },
  testWorkflow: { restores: false, noRestoreReason: 'testWorkflow() has no cache: every step runs', stepIdRequired: true },
  harness: { restores: false, noRestoreReason: 'the testing harness returns scripted outcomes: no operation runs and nothing is cached', stepIdRequired: false },
};
