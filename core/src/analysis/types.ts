// Plain data produced by the analysis. No TypeScript objects leak out of here, so results can
// be cached across program rebuilds, sent over the wire and compared in tests.
import type { Diagnostic, Range } from '../diagnostic';
import type { LineId } from '../semantics/lines';

/** Which awaitly behaviour the analysis applied, and where that choice came from. */
export interface AwaitlySemantics {
  /** Which line's behaviour (core/src/semantics/lines.ts): '1.35' (run against 1.35.0) or '4.x' (run against 4.5.1). */
  line: LineId;
  /** Installed or declared awaitly version, when known. */
  version?: string;
  /** Where the version was read (a package.json path), or 'default' / 'override'. */
  source: string;
  /** With --semantics: the awaitly found in the workspace anyway (its imports are what resolve). */
  installed?: { version: string; source: string };
}

/** How much of a string (step id, cache key, workflow name) is known without running the code. */
export type KeyForm = 'literal' | 'const' | 'template' | 'dynamic' | 'opaque';

export interface StaticString {
  form: KeyForm;
  /** The exact value, for 'literal' and 'const'. */
  value?: string;
  /**
   * For 'template' and 'dynamic': the value with every unknown part written as `${…}`. 'opaque' has none: the
   * options object holding the key is built by code we do not evaluate (`withPolicy(…)`, a spread), so even
   * whether it has a key is unknown (`text` is that expression).
   */
  pattern?: string;
  /** The source text of the expression (or a description for derived keys such as bound steps). */
  text: string;
  /** A precise regular expression (source) for keys only partly known, when `pattern` is too loose. */
  regex?: string;
  file: string;
  range: Range;
}

export type StepKind =
  | 'step' | 'try' | 'fromResult' | 'withFallback' | 'workflow' | 'retry' | 'withTimeout' | 'sleep'
  | 'all' | 'parallel' | 'map' | 'race' | 'withResource' | 'fromNullable' | 'streamForEach' | 'bound';

/**
 * What happens to a step's result in saved state:
 * - restored: written under `key` and read back on resume (the step is skipped);
 * - recorded-only: written to runWithState / durable state under `recordedKey` but never read back;
 * - not-recorded: nothing is written.
 */
export type RestoreMode = 'restored' | 'recorded-only' | 'not-recorded';

/** One enclosing construct between the workflow callback and the step. */
export interface ControlFrame {
  kind: 'loop' | 'branch' | 'parallel' | 'try' | 'helper';
  /** for, for-of, for-in, while, do, .map, .forEach, ... | if, switch, ?:, &&, step.branch ... | Promise.all, step.all ... */
  detail: string;
  /** Which arm of a branch (then, else, case 2, rhs) or part of a try (try, catch, finally). */
  arm?: string;
  /** Stable identity of the construct within this analysis: file and start offset. */
  nodeId: string;
  file: string;
  range: Range;
}

export interface StepInfo {
  /** WorkflowInfo.id of the workflow this step belongs to. */
  workflow: string;
  /** 0-based position in code order within the workflow. */
  index: number;
  kind: StepKind;
  /** The method as written: 'step', 'retry', ..., or the dependency name for a bound step. */
  method: string;
  /** First argument (the step id / name); undefined for kinds without one (streamForEach). */
  id?: StaticString;
  /** The cache key awaitly derives, or undefined when this call is never cached. */
  key?: StaticString;
  /** Where the key comes from: the id, the `key` option, the bound-step counter, or nothing. */
  keySource: 'id' | 'key-option' | 'bound-counter' | 'stream-position' | 'none';
  /** The key under which runWithState / durable record the result (may exist without `key`). */
  recordedKey?: StaticString;
  restore: RestoreMode;
  /** One sentence saying why restore / key are what they are (the awaitly rule applied). */
  keyRule: string;
  /** Whether a 4.x durable shape guard (metadata.stepOrder) sees this step. */
  inStepOrder: boolean;
  /** Called through the core step a step.forEach item handler receives (`step.item((item, i, s) => s(…))`): no cache. */
  uncachedCore?: true;
  /** Bound steps whose arguments are plain values: the fingerprint 4.x durable stores in metadata.stepArgs. */
  argsFingerprint?: string;
  /**
   * The operation argument: a function (deferred), a value that is already running (a promise, a call), a pure
   * value whose evaluation starts no work (`ok(x)`, `err(e)`, a Result constant), or absent.
   */
  operation: { form: 'function' | 'value' | 'pure' | 'absent' | 'unknown'; text?: string; range?: Range };
  /**
   * The first argument is not a string id (`step(() => op(), { key })`, the pre-4 form): awaitly fails the run here.
   * `suggestedId`: the literal key option as written (`'user:1'`), which can become the id.
   */
  idMissing?: { suggestedId?: string };
  /** Enclosing loops, branches, parallel groups, try blocks and helper calls, outermost first. */
  context: ControlFrame[];
  /** Calls such as Date.now() that flow into the key (directly or through local variables). */
  unstableKeyParts: Array<{ text: string; file: string; range: Range }>;
  /**
   * For steps inside a loop: does the key provably stay the same in every iteration of one enclosing loop (an
   * inner loop whose key uses only an outer loop's variable counts)? `keyInvariantLoop` names that loop.
   */
  keyLoopInvariant?: boolean;
  /** ControlFrame.nodeId of the innermost loop whose iterations all compute the same key. */
  keyInvariantLoop?: string;
  /** Names that loop (else the innermost loop) introduces (for-of binding, callback parameters): material for a suggested key. */
  loopVariables?: string[];
  /** The awaited result type as the checker prints it ('' when result types were not requested). */
  resultType: string;
  /** The result type's structure (properties expanded, sorted), independent of declaration names and paths. */
  resultShape: string;
  file: string;
  /** The whole call expression. */
  range: Range;
  /** The callee (for example `step.retry`), for squiggles that should not cover the whole call. */
  calleeRange: Range;
  /** For steps inside helper functions: the call chain from the workflow callback. */
  via?: Array<{ function: string; file: string; range: Range }>;
}

/** How the run is started; core/src/semantics/entries.ts says what each one restores. */
export type WorkflowEntry =
  | 'createWorkflow' | 'createSagaWorkflow' | 'callable' | 'run' | 'run-deps' | 'durable.run' | 'runSaga'
  /** awaitly/testing: createWorkflowHarness(deps).run / runWithInput, testWorkflow(deps, fn). */
  | 'harness' | 'testWorkflow'
  /** createWebhookHandler / createEventHandler(workflow, fn, config): runs workflow.run(fn). */
  | 'webhook'
  /** createHITLOrchestrator(...).execute / resume(name, factory, fn, …). */
  | 'hitl';

export interface WorkflowInfo {
  /** Unique within a project: `<relative file>#<label>` plus `~n` for repeats in one file. */
  id: string;
  /** Human label: the workflow name, durable id, variable name or `run@line`. */
  label: string;
  /** The name awaitly sees at run time (createWorkflow name, durable id, run workflowName), if any. */
  name?: StaticString;
  entry: WorkflowEntry;
  /** run / runWithState / call (callable form) / run() for the function entries. */
  invocation: string;
  /** Variable that holds the workflow object, when there is one. */
  variable?: string;
  /**
   * The run fails before any of its steps runs (the code of the failing form: callable-workflow,
   * positional-workflow-callback): its steps are listed as written, but the step-key rules do not apply to them.
   */
  fails?: string;
  /** False for run(), runSaga(), testWorkflow() and the testing harness: they have no cache, so nothing is ever restored. */
  restores: boolean;
  file: string;
  /** The run callback. */
  range: Range;
  /** The createWorkflow(...) call (or durable.run / run call) that defines the workflow. */
  definition: { file: string; range: Range };
  steps: StepInfo[];
  /** Files whose text influenced this result (helpers, constants, the definition). */
  files: string[];
  notes: string[];
}

/** A diagnostic with the file it belongs to. */
export interface Finding extends Diagnostic {
  file: string;
  workflow?: string;
}

export interface FileAnalysis {
  file: string;
  workflows: WorkflowInfo[];
  findings: Finding[];
}

export interface ProjectAnalysis {
  rootDir: string;
  semantics: AwaitlySemantics;
  workflows: WorkflowInfo[];
  findings: Finding[];
  /** Source files that were analysed. */
  files: string[];
}
