// `awaitly-lens validate <files|dirs|-> [--format text|json|sarif|github] [--max-warnings N] [--jobs N]`
import { checkText, type FileOutcome } from '../checkFile';
import { nonNegativeInteger, parseCommandArgs, UsageError, type CliIo, type Command } from '../command';
import { collectInputs, STDIN_PATH, type InputFile } from '../inputs';
import { emitReport, reporterFor } from '../options';
import { WORKER_THRESHOLD, checkInProcess, checkInWorkers, estimatedBytes, plannedWorkers, workerScript } from '../pool';
import type { FileFailure, ReportedFile, Reporter } from '../reporters/types';
import { TOOL_NAME } from '../version';
import { namesStore, storeModule } from './storeFlag';

const helpText = (): string => `Usage: ${TOOL_NAME} validate <file|directory|->... [options]

Checks awaitly workflow snapshots (WorkflowSnapshot JSON, as durable.run saves them) and serialized
resume states. Errors are exactly what awaitly@1.35.0's validateSnapshot rejects; warnings and infos
point at data awaitly accepts but will not resume the way you expect. Every code: docs/rules.md.

Operands:
  <file>       Always checked and reported; JSON that is not a snapshot is 'not-a-snapshot'.
  <directory>  Walked recursively for *.json (node_modules and dot-folders skipped); only files
               that look like snapshots or resume states are reported.
  -            Reads standard input, reported as <stdin>.

Options:
  -f, --format <name>     text (default), json, sarif, github
      --max-warnings <n>  Exit 1 when there are more than n warnings (infos never count)
  -j, --jobs <n>          Threads to check files on; 1 checks in-process (default: one per
                          idle CPU core when there are more than 200 files, at most one
                          per 16 MiB of them, else 1)
  -h, --help              Show this help
${storeModule().STORE_HELP}
Exit codes:
  0  no errors (and no more warnings than --max-warnings)
  1  errors, or more warnings than --max-warnings
  2  usage error, or a file could not be read (named on stderr; the others are still checked)
`;

interface ValidateOptions {
  operands: string[];
  reporter: Reporter;
  maxWarnings?: number;
  jobs?: number;
}

function parseOptions(args: string[]): ValidateOptions {
  const parsed = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    'max-warnings': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
  });
  const { values, positionals } = parsed;
  const reporter = reporterFor(values.format);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : nonNegativeInteger('--max-warnings', values['max-warnings']);
  const jobs = values.jobs === undefined || values.jobs === 'auto' ? undefined : nonNegativeInteger('--jobs', values.jobs);
  if (jobs === 0) throw new UsageError(`--jobs must be at least 1, or 'auto'`);
  if (positionals.length === 0) {
    throw new UsageError('no files given: name snapshot files or directories, or - to read standard input');
  }
  return { operands: positionals, reporter, maxWarnings, jobs };
}

/** One outcome per file, in the files' order. */
async function checkAll(files: InputFile[], jobs: number | undefined, io: CliIo): Promise<FileOutcome[]> {
  const onDisk = files.filter((f) => f.path !== STDIN_PATH);
  // Sizes matter only to the automatic choice, and only past the file-count threshold (a few stats).
  const bytes = jobs === undefined && onDisk.length > WORKER_THRESHOLD ? estimatedBytes(onDisk) : 0;
  const workers = plannedWorkers(onDisk.length, bytes, jobs);
  const script = workers > 0 ? workerScript() : undefined;
  const diskOutcomes = script ? await checkInWorkers(onDisk, workers, script) : checkInProcess(onDisk);

  const outcomes: FileOutcome[] = [];
  let next = 0;
  for (const file of files) {
    if (file.path !== STDIN_PATH) {
      outcomes.push(diskOutcomes[next++]!);
      continue;
    }
    try {
      outcomes.push(checkText(await io.readStdin(), file));
    } catch (error) {
      outcomes.push({ status: 'failed', message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return outcomes;
}

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  if (namesStore(args)) return storeModule().runStoreValidate(args, io);
  const options = parseOptions(args);
  const { files, problems } = collectInputs(options.operands, io.cwd);
  const outcomes = await checkAll(files, options.jobs, io);

  const reported: ReportedFile[] = [];
  const failures: FileFailure[] = problems.map((p) => ({ file: p.display, message: p.message }));
  outcomes.forEach((outcome, i) => {
    const file = files[i]!.display;
    if (outcome.status === 'checked') reported.push({ file, diagnostics: outcome.diagnostics });
    else if (outcome.status === 'failed') failures.push({ file, message: outcome.message });
  });
  return emitReport({ cwd: io.cwd, files: reported, failures }, options.reporter, io, options.maxWarnings);
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check snapshot and resume-state JSON files against awaitly@1.35.0 (and beyond)',
  get help() {
    return helpText();
  },
  run: runValidate,
};
