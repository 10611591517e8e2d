// Plain data of a replay plan: what each step of the code will do when resumed from a given snapshot.
import type { AwaitlySemantics, StepInfo } from '../analysis/types';

/**
 * - skipped: a cached `ok` entry exists under the step's key; the step function does not run.
 * - replay-failure: a cached failure exists; the workflow ends with the stored error at this step.
 * - runs: no entry, or the step kind is recorded but never restored.
 * - maybe: the key is a pattern or not statically known, and some snapshot keys could match it.
 * - not-reached: an earlier step certainly replays a failure, so this one never starts.
 */
export type ReplayState = 'skipped' | 'replay-failure' | 'runs' | 'maybe' | 'not-reached';

export interface SnapshotEntry {
  key: string;
  /** Truthiness of `ok`, as awaitly reads it (`ok: "yes"` counts as success). */
  ok: boolean;
}

/** A snapshot or serialized resume state reduced to what replay needs. */
export interface ReplayInput {
  format: 'workflow-snapshot' | 'resume-state';
  workflowName?: string;
  /** In the order the snapshot lists them; for a resume state with repeated keys the last one wins. */
  entries: SnapshotEntry[];
  /** 4.x durable `metadata.stepOrder`, when present. */
  stepOrder?: string[];
  /** 4.x durable `metadata.stepArgs` (bound-step argument fingerprints, null for other steps), when present. */
  stepArgs?: Array<string | null>;
  /** Durable `metadata.version`, when present. */
  version?: number;
  /** awaitly's validation errors when it refuses to load this snapshot (rejection.ts); absent when it loads. */
  rejected?: string[];
}

export interface StepPlan {
  index: number;
  kind: StepInfo['kind'];
  id?: string;
  /** The key as far as it is known (value or pattern). */
  key?: string;
  state: ReplayState;
  /** The snapshot entry used (skipped / replay-failure) or the candidates (maybe). */
  entryKey?: string;
  matches?: string[];
  /** Inside a loop or branch: the state holds if and when the step executes. */
  conditional: boolean;
  /**
   * A loop step whose key is a template: one row per snapshot entry the key matches (one iteration each, in the
   * order they were written), then a row without entryKey for the iterations whose key the snapshot lacks.
   * The step's own state sums them up: replay-failure if an iteration replays one, else skipped.
   */
  iterations?: IterationPlan[];
  reason: string;
  file: string;
  range: StepInfo['range'];
}

export interface IterationPlan {
  /** The entry this iteration reads; absent on the row for iterations whose key is not in the snapshot. */
  entryKey?: string;
  state: 'skipped' | 'replay-failure' | 'runs' | 'not-reached';
  reason: string;
}

export interface UnknownEntry {
  code: 'unknown-snapshot-step';
  key: string;
  ok: boolean;
  message: string;
}

export interface ShapeDrift {
  /** 0-based, as WorkflowShapeDriftError.stepIndex. */
  stepIndex: number;
  expectedStepKey: string;
  actualStepKey: string;
  message: string;
  /** False when loops, branches or partly known keys make the predicted order uncertain. */
  certain: boolean;
}

export interface ReplayPlan {
  workflow: string;
  semantics: AwaitlySemantics;
  format: ReplayInput['format'];
  steps: StepPlan[];
  unknown: UnknownEntry[];
  /** 4.x only: the WorkflowShapeDriftError a durable resume would return (PERSISTENCE_ERROR, operation 'load'). */
  shapeDrift?: ShapeDrift;
  /**
   * The WorkflowShapeDriftError a resume through durable.run would return (4.x, metadata.stepOrder stored), whatever
   * entry the code uses: whoever wrote stepOrder resumes through durable.run (a runner handed the body, as the
   * example checkout does). Equals shapeDrift for a durable.run workflow; the store check counts rows by it.
   */
  durableDrift?: ShapeDrift;
  /**
   * awaitly refuses to load the snapshot (input.rejected). `fails`: the resume fails before any step (a durable.run
   * resume, a resume state); otherwise the code resumes through createWorkflow({ snapshot }), which does not validate.
   */
  rejected?: { errors: string[]; fails: boolean };
  /** One line: how the resumed run is expected to go. */
  summary: string;
  notes: string[];
}
