// What differs between the awaitly lines awaitly-lens knows, in one place: one object per line. The analysis,
// the replay plan, the lock and the CLI ask the line object instead of comparing '1.35' / '4.x' themselves.
// Every behaviour stated here is run against the real runtime (1.35.0 from `awaitly`, 4.5.1 from the
// test-fixtures/workflows-4x workspace) in core/test/analysis/entries-4x.test.ts and semantics-lines.test.ts.
import { BOUND_STEP, PLAIN_STEP, STEP_METHODS, type KindSpec } from '../analysis/step-kinds';

/** The wire value (lock files, --semantics, json output): stable. */
export type LineId = '1.35' | '4.x';

/** awaitly exports that start (or build) a workflow run, recognised by symbol in entry-points.ts. */
export type EntryExport =
  | 'createWorkflow' | 'createSagaWorkflow' | 'run' | 'runSaga' | 'durable' | 'withDeps'
  | 'createWorkflowHarness' | 'createSagaHarness' | 'testWorkflow'
  | 'createWebhookHandler' | 'createEventHandler' | 'createHITLOrchestrator' | 'createEngine';

/** Forms that fail at run time in both lines (each gets its own diagnostic code, see forms.ts). */
export type FailingForm = 'step-id-missing' | 'positional-workflow-callback' | 'callable-workflow' | 'createworkflow-without-name' | 'missing-step-method';

export interface AwaitlyLine {
  id: LineId;
  /** The release whose runtime the facts below were checked against. */
  verifiedWith: string;
  /** Module specifier → the entry exports it provides in this line. */
  entryModules: Readonly<Record<string, readonly EntryExport[]>>;
  /** createWorkflow(deps, options?) without a name: an unnamed workflow (4.x) or a TypeError (1.35). */
  unnamedCreateWorkflow: 'unnamed' | 'throws';
  /** A durable resume compares metadata.stepOrder and bound-step argument fingerprints (metadata.stepArgs). */
  durableShapeGuard: boolean;
  /** Step methods and how each derives its cache key (step-kinds.ts; the same table for both lines today). */
  stepMethods: Readonly<Record<string, KindSpec>>;
  plainStep: KindSpec;
  boundStep: KindSpec;
  /**
   * Step methods the step awaitly passes does not have: everywhere, or only inside createWorkflow-based runs
   * (createWorkflow, sagas, durable, webhooks, HITL), whose cached step wrapper does not copy them.
   */
  missingStepMethods: Readonly<Record<string, 'everywhere' | 'workflows'>>;
  /** Which forms fail at run time in this line, and what awaitly says when they do. */
  failingForms: Readonly<Partial<Record<FailingForm, string>>>;
}

// Both lines fail these the same way (run with 1.35.0 and 4.5.1; the tests assert the messages).
const COMMON_FAILURES: Partial<Record<FailingForm, string>> = {
  'step-id-missing': 'the run fails with UnexpectedError "[awaitly] step() requires a string ID as the first argument"',
  'positional-workflow-callback': 'the run fails with UnexpectedError "step is not a function"',
  'callable-workflow': 'the workflow object is not callable: TypeError "… is not a function"',
  'missing-step-method': 'the call throws TypeError "step.<method> is not a function" and the run ends with UnexpectedError',
};

// The same in 1.35.0 and 4.5.1 (run with both).
const MISSING_STEP_METHODS: Record<string, 'everywhere' | 'workflows'> = { parallel: 'everywhere', fromNullable: 'workflows' };

const LINE_135: AwaitlyLine = {
  id: '1.35',
  verifiedWith: '1.35.0',
  entryModules: {
    'awaitly/workflow': ['createWorkflow', 'run'],
    'awaitly/run': ['run'],
    'awaitly/saga': ['createSagaWorkflow', 'runSaga'],
    'awaitly/reliability': ['createSagaWorkflow', 'runSaga'],
    'awaitly/durable': ['durable'],
    'awaitly/engine': ['createEngine'],
    awaitly: ['withDeps'],
    'awaitly/testing': ['createWorkflowHarness', 'createSagaHarness', 'testWorkflow'],
    'awaitly/webhook': ['createWebhookHandler', 'createEventHandler'],
    'awaitly/hitl': ['createHITLOrchestrator'],
  },
  unnamedCreateWorkflow: 'throws',
  durableShapeGuard: false,
  missingStepMethods: MISSING_STEP_METHODS,
  stepMethods: STEP_METHODS,
  plainStep: PLAIN_STEP,
  boundStep: BOUND_STEP,
  failingForms: {
    ...COMMON_FAILURES,
    'createworkflow-without-name': 'createWorkflow throws TypeError "createWorkflow(workflowName, deps, options?): first argument must be a non-empty string…"',
  },
};

const LINE_4X: AwaitlyLine = {
  id: '4.x',
  verifiedWith: '4.5.1',
  entryModules: {
    awaitly: ['createWorkflow', 'run', 'withDeps'],
    'awaitly/durable': ['durable', 'createSagaWorkflow', 'runSaga', 'createWebhookHandler', 'createEventHandler', 'createHITLOrchestrator', 'createEngine'],
    'awaitly/testing': ['createWorkflowHarness', 'createSagaHarness', 'testWorkflow'],
  },
  unnamedCreateWorkflow: 'unnamed',
  durableShapeGuard: true,
  missingStepMethods: MISSING_STEP_METHODS,
  stepMethods: STEP_METHODS,
  plainStep: PLAIN_STEP,
  boundStep: BOUND_STEP,
  failingForms: COMMON_FAILURES,
};

export const LINES: Readonly<Record<LineId, AwaitlyLine>> = { '1.35': LINE_135, '4.x': LINE_4X };

/** Every entry export of every line: what the symbol-based recognition looks for. */
export const ENTRY_EXPORTS: ReadonlySet<string> = new Set(Object.values(LINES).flatMap((l) => Object.values(l.entryModules).flat()));

/** The line applied when no awaitly is installed or declared. */
export const DEFAULT_LINE: LineId = '1.35';

export function awaitlyLine(id: LineId): AwaitlyLine {
  return LINES[id];
}

export function isLineId(raw: string): raw is LineId {
  return Object.prototype.hasOwnProperty.call(LINES, raw);
}

/** The line a version (installed `4.5.1`, or a declared range `^1.35.0`) belongs to. */
export function lineOfVersion(version: string): LineId {
  const major = Number(/(\d+)/.exec(version)?.[1] ?? '1');
  return major >= 4 ? '4.x' : '1.35';
}

/** The lines other than `id` whose modules export `name` from `specifier` (for "written for another line"). */
export function linesExporting(specifier: string, name: string | undefined, except: LineId): AwaitlyLine[] {
  return Object.values(LINES).filter((l) => l.id !== except && specifier in l.entryModules &&
    (name === undefined || (l.entryModules[specifier] as readonly string[]).includes(name)));
}
