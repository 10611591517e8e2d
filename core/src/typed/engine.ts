// One interface for the checker that answers "what does this step resolve to": the definition hash needs each
// step's awaited result type and its structure. The rules analysis never needs it, so check/lock/plan run the
// rules analysis first and then ask an engine for the result types of the steps found, in one batch.
import type { StepInfo, WorkflowInfo } from '../analysis/types';

export type EngineName = 'native' | 'js';

/** A step call by position: the call expression's start (without trivia) and end offsets in its file. */
export interface StepSite {
  file: string;
  start: number;
  end: number;
}

export interface ResultType {
  /** The awaited result type as the checker prints it, normalised (hash/type-text.ts); '' when not asked for. */
  display: string;
  /** Its structure (properties expanded and sorted), the part the definition hash reads. */
  shape: string;
}

export interface TypedEngine {
  readonly name: EngineName;
  /** The compiler that answered, e.g. `TypeScript 7.0.2`, for the output header. */
  readonly compiler: string;
  /** Result types for the sites, in order; a site the engine cannot find gets `{ display: '', shape: '' }`. */
  resultTypes(sites: readonly StepSite[]): ResultType[];
  dispose(): void;
}

export const NO_TYPE: ResultType = { display: '', shape: '' };

export function stepSite(step: StepInfo): StepSite {
  return { file: step.file, start: step.range.startOffset, end: step.range.endOffset };
}

/** Fills every step's resultType/resultShape from the engine (one batched request for all the workflows). */
export function fillResultTypes(workflows: readonly WorkflowInfo[], engine: TypedEngine): void {
  const steps = workflows.flatMap((w) => w.steps);
  const types = engine.resultTypes(steps.map(stepSite));
  // A step the engine could not find would hash with no result type: never silently; the caller falls back.
  const missing = steps.filter((_, i) => (types[i] ?? NO_TYPE).shape === '');
  if (missing.length) {
    const first = missing[0]!;
    throw new Error(`${engine.compiler} found no call at ${missing.length} step site(s) (first: ${first.file}:${first.range.start.line}:${first.range.start.column})`);
  }
  steps.forEach((s, i) => {
    const t = types[i] ?? NO_TYPE;
    s.resultType = t.display;
    s.resultShape = t.shape;
  });
}
