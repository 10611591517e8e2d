// `awaitly-lens lock [--check] [paths…] [--project tsconfig.json] [--lock file]`: writes awaitly-lens.lock.json (per
// workflow its definition hash and the step structure it was computed from), or checks that it is up to date.
import * as fs from 'node:fs';
import { buildLock, diffLocks, explainChanges, serializeLock } from '../../hash/index';
import { parseCommandArgs, UsageError, ExitCode, type CliIo, type Command } from '../command';
import { describeFsError, displayPath } from '../inputs';
import { TOOL_NAME } from '../version';
import { isFailure, lockPath, openSession, parseSemantics, readLock, warnOutside } from '../analysisSession';

const HELP = `Usage: ${TOOL_NAME} lock [paths...] [options]

Writes awaitly-lens.lock.json in the project root: for each workflow its definition hash and the step
structure it was computed from (kind, id, key, restore mode, enclosing control flow, result type), in a
stable order so that changes show up as reviewable diffs. docs/definition-hash.md describes the contents.

Options:
      --check              Do not write; exit 1 when the lock file is missing or out of date, and say why
  -p, --project <file>     tsconfig.json to use
      --lock <file>        Lock file path (default: awaitly-lens.lock.json in the project root)
      --semantics <line>   1.35 or 4.x (default: from the installed awaitly)
      --no-cache           Do not read or write the analysis cache (node_modules/.cache/awaitly-lens/, shared with check)
  -h, --help               Show this help

Exit codes: 0 written / up to date; 1 out of date (--check); 2 usage error, or a file could not be read or parsed.
`;

export async function runLock(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, {
    check: { type: 'boolean' },
    project: { type: 'string', short: 'p' },
    lock: { type: 'string' },
    semantics: { type: 'string' },
    'no-cache': { type: 'boolean' },
  });
  const { values, positionals } = parsed;
  const session = openSession(positionals, { project: values.project, semantics: parseSemantics(values.semantics), cache: values['no-cache'] !== true }, io.cwd);
  for (const f of session.failures) io.stderr(`${TOOL_NAME}: ${f.file}: ${f.message}\n`);
  warnOutside(session, io.cwd, io.stderr, TOOL_NAME);
  // A lock written from code that does not parse would record a broken definition.
  if (!session.analysis || session.failures.length) {
    io.stderr(`${TOOL_NAME}: lock file ${values.check ? 'not checked' : 'not written'}\n`);
    return ExitCode.usageOrIo;
  }
  const file = lockPath(session.selection, values.lock, io.cwd)!;
  const shown = displayPath(file, io.cwd);
  const lock = buildLock(session.analysis);
  const text = serializeLock(lock);

  if (!values.check) {
    try {
      fs.writeFileSync(file, text);
    } catch (error) {
      io.stderr(`${TOOL_NAME}: ${shown}: cannot write: ${describeFsError(error)}\n`);
      return ExitCode.usageOrIo;
    }
    const steps = Object.values(lock.workflows).reduce((n, w) => n + w.steps.length, 0);
    io.stdout(`Wrote ${shown}: ${Object.keys(lock.workflows).length} workflow(s), ${steps} step(s), awaitly ${lock.awaitly} semantics\n`);
    return ExitCode.ok;
  }

  if (!fs.existsSync(file)) {
    io.stdout(`${shown} does not exist; run '${TOOL_NAME} lock' to create it\n`);
    return ExitCode.problems;
  }
  const existing = readLock(file, io.cwd);
  if (isFailure(existing)) {
    io.stderr(`${TOOL_NAME}: ${existing.file}: ${existing.message}\n`);
    return ExitCode.usageOrIo;
  }
  if (existing.text === text) {
    io.stdout(`${shown} is up to date (${Object.keys(lock.workflows).length} workflow(s))\n`);
    return ExitCode.ok;
  }
  const diff = diffLocks(existing.lock, lock);
  const lines = [`${shown} is out of date${diff.breaking ? ' (breaking changes for snapshots in flight)' : ''}:`];
  for (const w of diff.workflows) {
    if (w.status === 'unchanged') continue;
    if (w.status === 'added') lines.push(`  ${w.workflow}: new workflow [safe]`);
    else if (w.status === 'removed') lines.push(`  ${w.workflow}: removed [breaking]`);
    else lines.push(`  ${w.workflow}: ${w.classification}: ${explainChanges(w)}`);
  }
  if (lines.length === 1) lines.push(`  same definitions; the file differs otherwise (awaitly semantics ${existing.lock.awaitly} → ${lock.awaitly}, moved files or formatting)`);
  lines.push(`Run '${TOOL_NAME} lock' to update it.`);
  io.stdout(lines.join('\n') + '\n');
  return ExitCode.problems;
}

export const lockCommand: Command = {
  name: 'lock',
  summary: 'Write (or --check) awaitly-lens.lock.json: each workflow\'s definition hash and step structure',
  help: HELP,
  run: runLock,
};
