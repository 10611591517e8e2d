// Which engine gives a CLI run its step result types: the native checker where it loads (and the project has a
// tsconfig.json for it to open), else the JS API inline in the analysis. The choice and any fallback are
// reported, so the output header can say which engine ran.
import type { AnalysisProject } from '../analysis/project';
import type { ProjectAnalysis } from '../analysis/types';
import { ts } from '../analysis/ts-util';
import { fillResultTypes, type EngineName } from './engine';
import { loadNative, NativeEngine } from './nativeEngine';

export const ENGINES: readonly EngineName[] = ['native', 'js'];

/** What the output header says about result types. */
export interface EngineReport {
  /** The engine that gave the result types, or 'none' when the run needed none (rules only). */
  name: EngineName | 'none';
  compiler: string;
  /** Why the requested (or default) engine did not run, when it did not. */
  note?: string;
}

export interface TypedPlan {
  /** Ask the JS checker for result types inside the analysis (includeResultTypes). */
  inline: boolean;
  report: EngineReport;
  fill?: (project: AnalysisProject, analysis: ProjectAnalysis) => void;
}

const JS_COMPILER = `TypeScript ${ts.version} (JS API)`;

export function planTyped(requested: EngineName | undefined, includeResultTypes: boolean, tsconfig: string | undefined, load: typeof loadNative = loadNative): TypedPlan {
  if (!includeResultTypes) return { inline: false, report: { name: 'none', compiler: JS_COMPILER } };
  if (requested === 'js') return { inline: true, report: { name: 'js', compiler: JS_COMPILER } };
  const why = (reason: string) => ({ inline: true, report: { name: 'js' as const, compiler: JS_COMPILER, note: `${requested === 'native' ? '--engine native' : 'the native engine'} did not run: ${reason}` } });
  if (!tsconfig) return why('it needs a tsconfig.json to open, and this project has none');
  const native = load();
  if ('error' in native) return why(native.error);
  const report: EngineReport = { name: 'native', compiler: `TypeScript ${native.version} (native)` };
  return {
    inline: false,
    report,
    fill: (_project, analysis) => {
      const engine = new NativeEngine(native, { tsconfig });
      try {
        fillResultTypes(analysis, engine);
      } finally {
        engine.dispose();
      }
    },
  };
}

export function engineText(r: EngineReport): string {
  if (r.name === 'none') return 'no result types needed (rules only)';
  return `result types from ${r.compiler}${r.note ? ` (${r.note})` : ''}`;
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
): { project: P; analysis: ProjectAnalysis } {
  if (!plan.fill) return { project, analysis };
  try {
    plan.fill(project, analysis);
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
