// What check, plan and lock share: open the project named by the operands, analyse it, and turn what could not
// be read (missing tsconfig, syntax errors) into failures that name the file, so the rest still runs. A run with
// nothing changed is answered from the persisted cache here, without TypeScript (typed/warmCache.ts); anything
// else goes through typescriptBackend() to cli/analyseProject.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AwaitlySemantics, ProjectAnalysis } from '../analysis/types';
import { LOCK_FILE_NAME, parseLock, type LockFile } from '../hash/index';
import { UsageError } from './command';
import { isLineId, LINES } from '../semantics/lines';
import { operandsOutsideProject, type OutsideOperand } from './outsideProject';
import { describeFsError, displayPath } from './inputs';
import type { FileFailure } from './reporters/types';
import { inScope, isProblem, selectProject, type ProjectSelection } from './projectInputs';
import type { AnalysisFlags } from './analyseProject';
import { CACHE_HIT, type EngineReport } from '../typed/report';
import { warmLookup } from '../typed/warmCache';
import { cacheSlot, type Validity } from '../typed/cacheFile';
import { typescriptBackend } from './typescriptBackend';

export interface AnalysisSession {
  selection?: ProjectSelection;
  analysis?: ProjectAnalysis;
  failures: FileFailure[];
  /** Operands the project does not cover (files its tsconfig does not include, folders with no project file). */
  outside: OutsideOperand[];
  /** Which engine gave the step result types, and what the cache gave (header line of check). */
  engine?: EngineReport;
  /** What the cache entry behind this analysis rests on, when it has a warm record (checkReplay.ts). */
  validity?: Validity;
}

export function parseSemantics(raw: string | undefined): AwaitlySemantics['line'] | undefined {
  if (raw === undefined) return undefined;
  if (isLineId(raw)) return raw;
  throw new UsageError(`--semantics expects ${Object.keys(LINES).join(' or ')}, got '${raw}'`);
}

export function openSession(paths: readonly string[], flags: AnalysisFlags & { project?: string }, cwd: string): AnalysisSession {
  const failures: FileFailure[] = [];
  const selection = selectProject(paths, flags.project, cwd);
  if (isProblem(selection)) return { failures: [{ file: selection.display, message: selection.message }], outside: [] };
  const includeResultTypes = flags.includeResultTypes ?? true;
  const warm = flags.cache && selection.tsconfig
    ? warmLookup(cacheSlot(selection.tsconfig, { semantics: flags.semantics, includeResultTypes, engine: flags.engine }))
    : undefined;
  const run = warm ? { ...warm.run, engine: { ...warm.run.engine, cache: CACHE_HIT }, validity: warm.validity } : typescriptBackend().analyseProject(selection, flags, cwd);
  if ('failure' in run) return { selection, failures: [run.failure], outside: [] };
  const { analysis, syntaxErrors } = run;
  for (const e of syntaxErrors) {
    if (!inScope(e.file, selection.scope)) continue;
    failures.push({ file: displayPath(e.file, cwd), message: `syntax error at ${e.line}:${e.column}: ${e.message} (analysed as far as it parses)` });
  }
  return { selection, analysis, failures, outside: operandsOutsideProject(selection, analysis.files, cwd), engine: run.engine, ...(run.validity ? { validity: run.validity } : {}) };
}

/** plan and lock: the operands the project does not cover, as warnings on stderr (check reports them as diagnostics). */
export function warnOutside(session: AnalysisSession, cwd: string, stderr: (s: string) => void, tool: string): void {
  for (const o of session.outside) stderr(`${tool}: warning: ${displayPath(o.path, cwd)}: ${o.message}\n`);
}

/** --lock, else awaitly-lens.lock.json in the project root (only when it exists, unless required). */
export function lockPath(selection: ProjectSelection | undefined, flag: string | undefined, cwd: string): string | undefined {
  if (flag !== undefined) return path.resolve(cwd, flag);
  return selection ? path.join(selection.rootDir, LOCK_FILE_NAME) : undefined;
}

export function readLock(file: string, cwd: string): { lock: LockFile; text: string } | FileFailure {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { file: displayPath(file, cwd), message: `cannot read: ${describeFsError(error)}` };
  }
  try {
    return { lock: parseLock(text), text };
  } catch (error) {
    return { file: displayPath(file, cwd), message: `not a valid lock file: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function isFailure(x: unknown): x is FileFailure {
  return typeof x === 'object' && x !== null && 'message' in x && 'file' in x && !('lock' in x);
}
