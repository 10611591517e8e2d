// `awaitly-lens check [paths…] [--project tsconfig.json] [--snapshots <dir|glob>…] [--lock file] [--against <git-ref>]
//  [--format text|json|sarif|github]`: the analysis rules, the definitions against the lock file (or another
// revision), and every snapshot against the workflow it belongs to. This module parses the command line and answers
// a run with nothing changed from its stored output (cli/checkReplay.ts); the run itself is in checkRun.ts, required
// only when it must run (so a replay does not load the snapshot core, the reporters' dependencies and the rest).
import type { CliIo, Command } from '../command';
import { TOOL_NAME } from '../version';
import { storeModule } from './storeFlag';
import { typescriptBackend } from '../typescriptBackend';
import { replay } from '../checkReplay';
import { CHECK_FORMATS, planCheck, replayKeyOf } from '../checkArgs';

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

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const plan = planCheck(args, io.cwd);
  if (plan.kind === 'store') return storeModule().runStoreCheck(args, io, (values, paths) => typescriptBackend().storeCheckContext(values, paths, io.cwd));
  if (plan.kind === 'fix') return runBody().runFix(args, plan.options, io, runCheck);
  const { options, includeResultTypes, key } = plan;
  if (key) {
    const code = replay(key, io);
    if (code !== undefined) return code;
  }
  return runBody().runAnalysed(options, includeResultTypes, io, key, () => replayKeyOf(args, options, includeResultTypes, io.cwd));
}

/** The run itself (`require`, not import(): see commands/index.ts). */
const runBody = () => require('./checkRun') as typeof import('./checkRun');

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check workflow code: step-key rules, definition changes (lock file, --against <ref>) and snapshots against code',
  get help() {
    return helpText();
  },
  run: runCheck,
};
