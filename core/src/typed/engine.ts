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
  assertAnswered(steps, types, engine.compiler);
  steps.forEach((s, i) => {
    const t = types[i] ?? NO_TYPE;
    s.resultType = t.display;
    s.resultShape = t.shape;
  });
}

/**
 * Copies of the workflows with the result types answered for their steps' sites (in the order of
 * `workflows.flatMap(w => w.steps)`); the workflows given are left as they are (the language server's rules
 * analysis keeps them cached). `compiler` names who answered, for the error.
 */
export function typedCopies(workflows: readonly WorkflowInfo[], types: readonly ResultType[], compiler: string): WorkflowInfo[] {
  assertAnswered(workflows.flatMap((w) => w.steps), types, compiler);
  let i = 0;
  return workflows.map((w) => ({
    ...w,
    steps: w.steps.map((s) => {
      const t = types[i++] ?? NO_TYPE;
      return { ...s, resultType: t.display, resultShape: t.shape };
    }),
  }));
}

// A step the engine could not find would hash with no result type: never silently; the caller falls back.
function assertAnswered(steps: readonly StepInfo[], types: readonly ResultType[], compiler: string): void {
  const missing = steps.filter((_, i) => (types[i] ?? NO_TYPE).shape === '');
  if (missing.length) {
    const first = missing[0]!;
    throw new Error(`${compiler} found no call at ${missing.length} step site(s) (first: ${first.file}:${first.range.start.line}:${first.range.start.column})`);
  }
}
