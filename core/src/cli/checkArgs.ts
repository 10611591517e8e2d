// check's command line, and whether a run can be answered from its stored output (cli/checkReplay.ts): the one
// decision both dist/cli.js's first stage (cli/bin.ts) and the check command (commands/check.ts) take. Light on
// purpose: node built-ins and small modules only, so the first stage can answer a replay without loading the CLI.
import * as fs from 'node:fs';
import { nonNegativeInteger, parseCommandArgs, UsageError } from './command';
import { selectProject, type ProjectSelection } from './projectInputs';
import type { InputProblem } from './inputs';
import { lockPath, parseSemantics } from './analysisSession';
import type { LineId } from '../semantics/lines';
import { namesStore } from './commands/storeFlag';
import type { EngineName } from '../typed/engine';
import { ENGINES } from '../typed/report';
import { cacheSlot } from '../typed/cacheFile';
import { replayKey, storedOutput, type ReplayKey, type StoredOutput } from './checkReplay';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export interface CheckOptions {
  paths: string[];
  project?: string;
  snapshots: string[];
  lock?: string;
  against?: string;
  semantics?: LineId;
  engine?: EngineName;
  cache: boolean;
  format?: string;
  maxWarnings?: number;
  /** --fix: write the fixes; --fix-dry-run (or --fix --dry-run): print them as a diff. */
  fix?: 'write' | 'dry-run';
}

export function parseCheckOptions(args: string[]): CheckOptions {
  const parsed = parseCommandArgs(args, {
    project: { type: 'string', short: 'p' },
    snapshots: { type: 'string', short: 's', multiple: true },
    lock: { type: 'string' },
    against: { type: 'string' },
    semantics: { type: 'string' },
    engine: { type: 'string' },
    'no-cache': { type: 'boolean' },
    format: { type: 'string', short: 'f' },
    'max-warnings': { type: 'string' },
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  const { values, positionals } = parsed;
  if (values.format !== undefined && !(CHECK_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`unknown format '${values.format}' (expected one of: ${CHECK_FORMATS.join(', ')})`);
  }
  if (values['dry-run'] && !values.fix) throw new UsageError('--dry-run goes with --fix (or use --fix-dry-run)');
  const fix = values['fix-dry-run'] || (values.fix && values['dry-run']) ? 'dry-run' : values.fix ? 'write' : undefined;
  if (fix && values.against !== undefined) throw new UsageError('--fix fixes the code findings; run --against without it');
  return {
    paths: positionals,
    ...(fix ? { fix } : {}),
    ...(values.project !== undefined ? { project: values.project } : {}),
    snapshots: values.snapshots ?? [],
    cache: values['no-cache'] !== true,
    ...(values.lock !== undefined ? { lock: values.lock } : {}),
    ...(values.against !== undefined ? { against: values.against } : {}),
    ...(values.semantics !== undefined ? { semantics: parseSemantics(values.semantics) } : {}),
    ...(values.format !== undefined ? { format: values.format } : {}),
    ...(values.engine !== undefined ? { engine: parseEngine(values.engine) } : {}),
    ...(values['max-warnings'] !== undefined ? { maxWarnings: nonNegativeInteger('--max-warnings', values['max-warnings']) } : {}),
  };
}

function parseEngine(raw: string): EngineName {
  if ((ENGINES as readonly string[]).includes(raw)) return raw as EngineName;
  throw new UsageError(`--engine expects ${ENGINES.join(' or ')}, got '${raw}'`);
}

/**
 * Result types cost about half of the analysis and only feed definition hashes: needed for json output (which
 * lists them), a lock file, --against and snapshots (metadata.definitionHash); not for the rules alone.
 */
export function needsResultTypes(options: CheckOptions, cwd: string, selection = selectProject(options.paths, options.project, cwd)): boolean {
  const hasLock = options.lock !== undefined || hasDefaultLock(selection, cwd);
  return options.format === 'json' || hasLock || options.against !== undefined || options.snapshots.length > 0;
}

function hasDefaultLock(selection: ProjectSelection | InputProblem, cwd: string): boolean {
  return !('message' in selection) && fs.existsSync(lockPath(selection, undefined, cwd)!);
}

/**
 * The replay key of a run whose output is a function of the cache entry and the command line (cli/checkReplay.ts);
 * undefined for runs that read more (snapshot folders and globs, git) or use no cache.
 */
export function replayKeyOf(args: string[], options: CheckOptions, includeResultTypes: boolean, cwd: string, selection = selectProject(options.paths, options.project, cwd)): ReplayKey | undefined {
  if (!options.cache || options.snapshots.length > 0 || options.against !== undefined) return undefined;
  if ('message' in selection || !selection.tsconfig) return undefined;
  const slot = cacheSlot(selection.tsconfig, { semantics: options.semantics, includeResultTypes, engine: options.engine });
  return replayKey(slot, { args, cwd, lockFile: lockPath(selection, options.lock, cwd), explicitLock: options.lock !== undefined, scope: selection.scope });
}

/** What a check command line asks for: the store path, --fix, or an analysis (answered from its stored output when the key's is valid). */
export type CheckPlan =
  | { kind: 'store' }
  | { kind: 'fix'; options: CheckOptions }
  | { kind: 'analyse'; options: CheckOptions; includeResultTypes: boolean; key: ReplayKey | undefined };

/** The plan of `check <args>`; throws UsageError for bad usage. */
export function planCheck(args: string[], cwd: string): CheckPlan {
  if (namesStore(args)) return { kind: 'store' };
  const options = parseCheckOptions(args);
  if (options.fix) return { kind: 'fix', options };
  // One look at the operands and the tsconfig for both (a replay is a few ms; each look stats several paths).
  const selection = selectProject(options.paths, options.project, cwd);
  const includeResultTypes = needsResultTypes(options, cwd, selection);
  return { kind: 'analyse', options, includeResultTypes, key: replayKeyOf(args, options, includeResultTypes, cwd, selection) };
}

/**
 * The bin's first stage (cli/bin.ts): the stored output of `check <args>` run in cwd, when the check command would
 * replay it; undefined for anything else: help (run.ts answers it before the command), bad usage (the CLI says what
 * is wrong), --store, --fix, no key, no valid stored output. Nothing is written here.
 */
export function storedCheckOutput(args: string[], cwd: string): StoredOutput | undefined {
  if (args.includes('-h') || args.includes('--help')) return undefined;
  let plan: CheckPlan;
  try {
    plan = planCheck(args, cwd);
  } catch {
    return undefined;
  }
  return plan.kind === 'analyse' && plan.key ? storedOutput(plan.key) : undefined;
}
