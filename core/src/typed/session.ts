// Which engine gives a CLI run its step result types: the native checker where it loads (and the project has a
// tsconfig.json for it to open), else the JS API inline in the analysis. The choice and any fallback are
// reported, so the output header can say which engine ran.
import type { AnalysisProject } from '../analysis/project';
import type { ProjectAnalysis, WorkflowInfo } from '../analysis/types';
import { ts } from '../analysis/ts-util';
import { fillResultTypes, stepSite, type EngineName } from './engine';
import { probeNative } from './nativeEngine';
import { NativeThread } from './nativeThread';
import { CheckCache, importClosures, type CachedRun } from './cache';
import { closuresFromGraph, graphAfter } from './reach';
import type { IncludeGraph, PartialProgram, ProgramProject } from '../analysis/index';
import { cacheSlot } from './cacheFile';
import { CACHE_HIT, type EngineReport } from './report';
import { timePhase } from '../timings';

export interface TypedPlan {
  /** Ask the JS checker for result types inside the analysis (includeResultTypes). */
  inline: boolean;
  report: EngineReport;
  /** Gives these workflows' steps their result types (the others already have theirs). */
  fill?: (workflows: readonly WorkflowInfo[]) => void;
  /**
   * Starts the engine now, ahead of the JS analysis, once the run knows it will need result types (no cache hit):
   * TypeScript 7 opens the project on its own thread meanwhile. fill starts it if this was not called. `prefetch`:
   * every file's steps will be asked for (no cached run to reuse), so the thread fetches all the ASTs ahead. `roots`:
   * after a change, the partial program's roots, all that TypeScript 7 opens (and what they reach).
   */
  start?: (scope?: { prefetch: boolean; roots?: readonly string[] }) => void;
  /** The partial program needs the whole project after all: a thread opened on its roots is closed (start again). */
  widen?: () => void;
  /** Set by start: hands the engine the steps of workflows found so far (the analysis goes on); fill asks again. */
  ahead?: (workflows: readonly WorkflowInfo[]) => void;
}

const JS_COMPILER = `TypeScript ${ts.version} (JS API)`;

/**
 * `probe`: whether TypeScript 7 is installed (tests give a missing one). `threadScript`: the worker entry to run
 * TypeScript 7's thread from (tests give a broken one); default nativeThread.ts's.
 */
export function planTyped(requested: EngineName | undefined, includeResultTypes: boolean, tsconfig: string | undefined, probe: typeof probeNative = probeNative, threadScript?: string): TypedPlan {
  if (!includeResultTypes) return { inline: false, report: { name: 'none', compiler: JS_COMPILER } };
  if (requested === 'js') return { inline: true, report: { name: 'js', compiler: JS_COMPILER } };
  const why = (reason: string) => ({ inline: true, report: { name: 'js' as const, compiler: JS_COMPILER, note: `${requested === 'native' ? '--engine native' : 'the native engine'} did not run: ${reason}` } });
  if (!tsconfig) return why('it needs a tsconfig.json to open, and this project has none');
  const native = probe();
  if ('error' in native) return why(native.error);
  const report: EngineReport = { name: 'native', compiler: `TypeScript ${native.version} (native)` };
  let thread: NativeThread | undefined;
  let partial = false;
  let failed: unknown;
  const plan: TypedPlan = {
    inline: false,
    report,
    start: (scope = { prefetch: false }) => {
      if (thread || failed) return;
      try {
        // check reads only the shapes (hashes); the printed result types are not in its output.
        const options = { tsconfig, display: false, prefetch: scope.prefetch, ...(scope.roots ? { roots: scope.roots } : {}) };
        const started = timePhase('  TypeScript 7: start its thread', () => new NativeThread(report.compiler, options, threadScript));
        thread = started;
        partial = scope.roots !== undefined;
        plan.ahead = (workflows) => started.ahead(workflows.flatMap((w) => w.steps.map(stepSite)));
      } catch (error) {
        // Said by fill, whose failure withResultTypes turns into the JS fallback.
        failed = error;
      }
    },
    widen: () => {
      if (!thread || !partial) return;
      thread.dispose();
      thread = undefined;
      plan.ahead = undefined;
    },
    fill: (workflows) => {
      if (workflows.length === 0) return thread?.dispose();
      plan.start!();
      if (!thread) throw failed instanceof Error ? failed : new Error(`TypeScript 7's thread did not start: ${String(failed)}`);
      const engine = thread;
      try {
        // The wait includes what the thread did not finish during the analysis (opening the project, at worst).
        timePhase('  TypeScript 7: step result types (waiting for its thread)', () => fillResultTypes(workflows, engine));
      } finally {
        engine.dispose();
      }
    },
  };
  return plan;
}

/**
 * The whole project's analysis, file by file when the plan's engine takes steps ahead: each file's workflows go
 * to TypeScript 7's thread as soon as they are found, so its checker types them while the rules analyse the next
 * files. The same analysis as analyzeProject (which then reads each file's cached result).
 */
export function analyseAhead(plan: TypedPlan, project: AnalysisProject): ProjectAnalysis {
  const ahead = plan.ahead;
  if (ahead) for (const file of project.sourceFiles()) ahead(project.analyzeFile(file).workflows);
  return project.analyzeProject();
}

/**
 * Runs the plan's engine over the analysis. If the native engine fails mid-run, the project is analysed again
 * with the JS checker inline (reopen), and the report says so: a run never ends without the types it needs.
 */
export function withResultTypes<P extends AnalysisProject>(
  plan: TypedPlan,
  project: P,
  analysis: ProjectAnalysis,
  reopen: () => P | { message: string },
  reuse?: (analysis: ProjectAnalysis) => readonly WorkflowInfo[],
): { project: P; analysis: ProjectAnalysis } {
  if (!plan.fill) return { project, analysis };
  try {
    plan.fill(reuse ? reuse(analysis) : analysis.workflows);
    return { project, analysis };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const again = reopen();
    if ('message' in again && !('analyzeProject' in again)) throw new Error(`the native engine failed (${reason}) and the JS fallback could not open the project: ${again.message}`);
    const inline = again as P;
    plan.report.name = 'js';
    plan.report.compiler = JS_COMPILER;
    plan.report.note = `the native engine failed: ${reason}`;
    return { project: inline, analysis: inline.analyzeProject() };
  }
}

/**
 * After files changed: copies the cached result types of every workflow whose file and (transitive) imports are
 * unchanged and whose steps sit where they did; returns the workflows that still need the checker. `closures`: each
 * workflow file's imports, transitively, and its steps' files (reach.ts closuresFromGraph).
 */
export function reuseResultTypes(analysis: ProjectAnalysis, previous: ProjectAnalysis, changed: ReadonlySet<string>, closures: ReadonlyMap<string, ReadonlySet<string>>): WorkflowInfo[] {
  const before = new Map(previous.workflows.map((w) => [w.id, w]));
  const todo: WorkflowInfo[] = [];
  for (const w of analysis.workflows) {
    const p = before.get(w.id);
    const unchanged = p !== undefined && p.steps.length === w.steps.length
      && ![...closures.get(w.file)!].some((f) => changed.has(f))
      && p.steps.every((s, i) => s.file === w.steps[i]!.file && s.range.startOffset === w.steps[i]!.range.startOffset && s.range.endOffset === w.steps[i]!.range.endOffset);
    if (!unchanged) {
      todo.push(w);
      continue;
    }
    w.steps.forEach((s, i) => {
      s.resultType = p.steps[i]!.resultType;
      s.resultShape = p.steps[i]!.resultShape;
    });
  }
  return todo;
}

/** The cache of a check run, or why there is none (said in the header). */
export function openCheckCache(enabled: boolean, tsconfig: string | undefined, semantics: string | undefined, plan: TypedPlan, includeResultTypes: boolean, engine: EngineName | undefined): CheckCache | undefined {
  if (!enabled) {
    plan.report.cache = 'cache off (--no-cache)';
    return undefined;
  }
  const cache = tsconfig ? CheckCache.open({ ...cacheSlot(tsconfig, { semantics, includeResultTypes, engine }), compilers: plan.report.compiler }) : undefined;
  if (!cache) plan.report.cache = tsconfig ? 'no cache (no node_modules folder to keep it in)' : 'no cache (it needs a tsconfig.json)';
  return cache;
}

/** A run after files changed that may analyse only what they reach (typed/reach.ts). */
export interface PartialRun {
  /** The partial program to open (analysis/project.ts `partial`). */
  program: PartialProgram;
  /**
   * Once that project is open (its program is built here): the include graph now, or why the whole project must be
   * analysed after all (the header says which, and how many files were analysed again).
   */
  settle(project: ProgramProject): { graph: IncludeGraph } | { whole: string };
}

export interface CacheLookup {
  hit?: CachedRun;
  partial?: PartialRun;
  /** The reuse step for withResultTypes; `graph`: the include graph of this run, for the workflows' import closures. */
  reuse?: (analysis: ProjectAnalysis, graph: IncludeGraph | undefined) => readonly WorkflowInfo[];
}

/** Looks the run up; a hit is served as is, a change gives the partial program and the reuse step for withResultTypes. */
export function lookupCheckCache(cache: CheckCache | undefined, plan: TypedPlan): CacheLookup {
  if (!cache) return {};
  const found = cache.lookup();
  if (found.status === 'hit') {
    plan.report.name = found.run.engine.name;
    plan.report.compiler = found.run.engine.compiler;
    if (found.run.engine.note) plan.report.note = found.run.engine.note;
    plan.report.cache = CACHE_HIT;
    return { hit: found.run };
  }
  if (found.status === 'miss') {
    plan.report.cache = `cache: ${found.reason}`;
    return {};
  }
  // Said also when no result types are asked for (rules only: reuse never runs).
  let scope = 'whole' in found.plan ? `whole project re-analysed (${found.plan.whole})` : '';
  const say = (more = '') => (plan.report.cache = `cache: ${found.changed.size} file(s) changed${scope ? `, ${scope}` : ''}${more}`);
  say();
  const partialPlan = 'partial' in found.plan ? found.plan : undefined;
  return {
    ...(partialPlan ? {
      partial: {
        program: partialPlan.partial,
        settle: (project) => {
          const fresh = project.includeGraph();
          const after = fresh ? graphAfter(partialPlan, fresh, project.rootDir) : { whole: 'this TypeScript does not give the include graph' };
          scope = 'whole' in after ? `whole project re-analysed (${after.whole})` : `re-analysed ${project.analysedFiles().length} of ${project.sourceFiles().length} file(s)`;
          say();
          return 'whole' in after ? after : { graph: after };
        },
      },
    } : {}),
    reuse: (analysis, graph) => {
      const closures = graph ? closuresFromGraph([graph, found.previousGraph], analysis.workflows) : importClosures(analysis.workflows, cache.compilerOptions);
      const todo = reuseResultTypes(analysis, found.previous.analysis, found.changed, closures);
      say(`, result types asked for ${todo.length} of ${analysis.workflows.length} workflow(s)`);
      return todo;
    },
  };
}
