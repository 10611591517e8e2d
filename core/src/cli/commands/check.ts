// `awaitly-lens check [paths…] [--project tsconfig.json] [--snapshots <dir|glob>…] [--lock file] [--against <git-ref>]
//  [--format text|json|sarif|github]`: the analysis rules, the definitions against the lock file (or another
// revision), and every snapshot against the workflow it belongs to. This module parses the command line and answers
// a run with nothing changed from its stored output (cli/checkReplay.ts); the run itself is in checkRun.ts, required
// only when it must run (so a replay does not load the snapshot core, the reporters' dependencies and the rest).
import * as fs from 'node:fs';
import { parseCommandArgs, UsageError, type CliIo, type Command } from '../command';
import { nonNegativeInteger } from '../options';
import { TOOL_NAME } from '../version';
import { selectProject } from '../projectInputs';
import { lockPath, parseSemantics } from '../analysisSession';
import type { LineId } from '../../semantics/lines';
import { namesStore, storeModule } from './storeFlag';
import { typescriptBackend } from '../typescriptBackend';
import type { EngineName } from '../../typed/engine';
import { ENGINES } from '../../typed/report';
import { cacheSlot } from '../../typed/cacheFile';
import { replay, replayKey, type ReplayKey } from '../checkReplay';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

const helpText = (): string => `Usage: ${TOOL_NAME} check [paths...] [options]

Analyses the awaitly workflows of a TypeScript project: step-key rules, definition changes (against the
lock file or another git revision) and snapshots against the workflow they belong to. Every code:
docs/rules.md. Nothing in the project is executed.

Operands:
  paths                    Folders or files to report (default: the whole project). The project is the
                           first path's tsconfig.json (or the nearest one above it), else the folder itself.

Options:
  -p, --project <file>     tsconfig.json to use
  -s, --snapshots <path>   Snapshot files, folders or globs ("snapshots/**/*.json"); repeatable. Folders and
                           globs report only files that look like snapshots or resume states.
      --lock <file>        Lock file (default: awaitly-lens.lock.json in the project root, if present)
      --against <ref>      Compare every workflow with the same workflow at a git revision (e.g. main)
      --semantics <line>   1.35 or 4.x (default: from the installed awaitly)
      --engine <name>      native or js: the checker that gives step result types for definition hashes
                           (default: native, TypeScript 7, where it loads; the header says which ran)
      --no-cache           Do not read or write the analysis cache (node_modules/.cache/awaitly-lens/)
  -f, --format <name>      ${CHECK_FORMATS.join(', ')} (default: text)
      --max-warnings <n>   Exit 1 when there are more than n warnings
      --fix                Apply the fixes of the code findings to the files (each file written atomically, never
                           over a change made since it was read), then report what is left
      --fix-dry-run        Print the fixes as a unified diff; write nothing (also: --fix --dry-run). Exit 1 when
                           there is something to fix
  -h, --help               Show this help
      --workflow <name>    With --store: check every row against this workflow
${storeModule().STORE_HELP}
Exit codes:
  0  no errors (and no more warnings than --max-warnings)
  1  errors, or more warnings than --max-warnings (--store: rows in a --fail-on category)
  2  usage error, or a file or row could not be read or parsed (named on stderr; the rest is still checked)
`;

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

function parseOptions(args: string[]): CheckOptions {
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

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  if (namesStore(args)) return storeModule().runStoreCheck(args, io, (values, paths) => typescriptBackend().storeCheckContext(values, paths, io.cwd));
  const options = parseOptions(args);
  if (options.fix) return runBody().runFix(args, options, io, runCheck);
  // Result types cost about half of the analysis and only feed definition hashes: needed for json output (which
  // lists them), a lock file, --against and snapshots (metadata.definitionHash); not for the rules alone.
  const hasLock = options.lock !== undefined || hasDefaultLock(options, io.cwd);
  const includeResultTypes = options.format === 'json' || hasLock || options.against !== undefined || options.snapshots.length > 0;
  const replayAs = () => replayKeyOf(args, options, includeResultTypes, io.cwd);
  const key = replayAs();
  if (key) {
    const code = replay(key, io);
    if (code !== undefined) return code;
  }
  return runBody().runAnalysed(options, includeResultTypes, io, key, replayAs);
}

/** The run itself (`require`, not import(): see commands/index.ts). */
const runBody = () => require('./checkRun') as typeof import('./checkRun');

function parseEngine(raw: string): EngineName {
  if ((ENGINES as readonly string[]).includes(raw)) return raw as EngineName;
  throw new UsageError(`--engine expects ${ENGINES.join(' or ')}, got '${raw}'`);
}

function hasDefaultLock(options: CheckOptions, cwd: string): boolean {
  const selection = selectProject(options.paths, options.project, cwd);
  return !('message' in selection) && fs.existsSync(lockPath(selection, undefined, cwd)!);
}

/**
 * The replay key of a run whose output is a function of the cache entry and the command line (cli/checkReplay.ts);
 * undefined for runs that read more (snapshot folders and globs, git) or use no cache.
 */
function replayKeyOf(args: string[], options: CheckOptions, includeResultTypes: boolean, cwd: string): ReplayKey | undefined {
  if (!options.cache || options.snapshots.length > 0 || options.against !== undefined) return undefined;
  const selection = selectProject(options.paths, options.project, cwd);
  if ('message' in selection || !selection.tsconfig) return undefined;
  const slot = cacheSlot(selection.tsconfig, { semantics: options.semantics, includeResultTypes, engine: options.engine });
  return replayKey(slot, { args, cwd, lockFile: lockPath(selection, options.lock, cwd), explicitLock: options.lock !== undefined, scope: selection.scope });
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check workflow code: step-key rules, definition changes (lock file, --against <ref>) and snapshots against code',
  get help() {
    return helpText();
  },
  run: runCheck,
};
