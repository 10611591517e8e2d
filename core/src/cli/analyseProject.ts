// The TypeScript side of check, plan and lock (in dist/cli-analysis.js): open the project, analyse it, give the
// steps their result types, and keep the run in the persisted cache. analysisSession.ts calls it only when the
// warm path (typed/warmCache.ts) could not answer.
import type { IncludeGraph, PartialProgram, ProgramProject, SyntaxProblem } from '../analysis/index';
import { createAnalysisProject } from '../analysis/index';
import type { AwaitlySemantics, ProjectAnalysis } from '../analysis/types';
import { describeFsError, displayPath, type InputProblem } from './inputs';
import type { ProjectSelection } from './projectInputs';
import type { FileFailure } from './reporters/types';
import type { EngineName } from '../typed/engine';
import type { EngineReport } from '../typed/report';
import type { Validity } from '../typed/cacheFile';
import { analyseAhead, lookupCheckCache, openCheckCache, planTyped, withResultTypes } from '../typed/session';
import { timePhase } from '../timings';

export interface AnalysisFlags {
  semantics?: AwaitlySemantics['line'];
  includeResultTypes?: boolean;
  engine?: EngineName;
  /** Read and write the persisted cache (false: --no-cache, said in the header; undefined: no cache, not said). */
  cache?: boolean;
}

/** validity: what the served or written cache entry rests on (check may then replay its output: checkReplay.ts). */
export type AnalysedRun = { analysis: ProjectAnalysis; syntaxErrors: SyntaxProblem[]; engine: EngineReport; validity?: Validity } | { failure: FileFailure };

export function analyseProject(selection: ProjectSelection, flags: AnalysisFlags, cwd: string): AnalysedRun {
  const includeResultTypes = flags.includeResultTypes ?? true;
  const typed = planTyped(flags.engine, includeResultTypes, selection.tsconfig);
  const cache = flags.cache !== undefined ? openCheckCache(flags.cache, selection.tsconfig, flags.semantics, typed, includeResultTypes, flags.engine) : undefined;
  const cached = lookupCheckCache(cache, typed);
  // A hit needs no program at all.
  if (cached.hit) return { analysis: cached.hit.analysis, syntaxErrors: cached.hit.syntaxErrors, engine: typed.report, ...(cache?.validity ? { validity: cache.validity } : {}) };
  // TypeScript 7 opens the project on its own thread while the JS side parses it (and fetches every file's AST
  // ahead unless a cached run is reused: then few workflows need types, and after a change it opens only the
  // partial program's roots, as the JS side does).
  typed.start?.({ prefetch: !cached.reuse, ...(cached.partial ? { roots: cached.partial.program.roots } : {}) });
  // After a change, a program rooted at the files it reaches (typed/reach.ts); the whole project when that cannot be.
  const open = (partial?: PartialProgram) => timePhase('opening the project (tsconfig, file list)', () => openProject(selection, cwd, { ...flags, includeResultTypes: typed.inline, ...(partial ? { partial } : {}) }));
  let opened = open(cached.partial?.program);
  if ('display' in opened) return { failure: { file: opened.display, message: opened.message } };
  let project: ProgramProject = opened;
  let analysis: ProjectAnalysis;
  let graph: IncludeGraph | undefined;
  try {
    const settled = cached.partial?.settle(opened);
    if (settled && 'whole' in settled) {
      typed.widen?.();
      typed.start?.({ prefetch: false });
      opened = open();
      if ('display' in opened) return { failure: { file: opened.display, message: opened.message } };
    } else graph = settled?.graph;
    const whole = opened;
    // A whole run hands each file's steps to TypeScript 7 as they are found; after a change only some need types.
    analysis = timePhase('analysis (program + rules)', () => (cached.reuse ? whole.analyzeProject() : analyseAhead(typed, whole)));
    // Kept with the entry when it is written (a cache was opened): the next run after a change needs it.
    graph ??= cache ? whole.includeGraph() : undefined;
    const reuse = cached.reuse;
    ({ project, analysis } = timePhase('result types', () => withResultTypes<ProgramProject>(typed, whole, analysis, () => openProject(selection, cwd, { ...flags, includeResultTypes: true }), reuse && ((a) => reuse(a, graph)))));
  } catch (error) {
    return { failure: { file: displayPath(selection.tsconfig ?? selection.rootDir, cwd), message: `analysis failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
  const syntaxErrors = project.syntaxErrors();
  const done = project;
  const unwritten = timePhase('writing the cache', () => cache?.store({ analysis, syntaxErrors, engine: typed.report }, graph && { graph, results: done.fileResults() }));
  if (unwritten) typed.report.cache = unwritten;
  return { analysis, syntaxErrors, engine: typed.report, ...(cache?.validity ? { validity: cache.validity } : {}) };
}

/** Opens the project; a broken tsconfig is reported as a problem naming it, never thrown. */
export function openProject(
  selection: ProjectSelection,
  cwd: string,
  options: { semantics?: AwaitlySemantics['line']; includeResultTypes?: boolean; partial?: PartialProgram } = {},
): ProgramProject | InputProblem {
  try {
    return createAnalysisProject({
      ...(selection.tsconfig ? { tsconfig: selection.tsconfig } : { rootDir: selection.rootDir }),
      ...(options.partial ? { partial: options.partial } : {}),
      ...(options.semantics ? { semantics: options.semantics } : {}),
      includeResultTypes: options.includeResultTypes ?? true,
    });
  } catch (error) {
    const file = selection.tsconfig ?? selection.rootDir;
    return { display: displayPath(file, cwd), message: `cannot load the TypeScript project: ${describeFsError(error)}` };
  }
}
