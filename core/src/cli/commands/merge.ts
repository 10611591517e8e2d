// `awaitly-lens merge <base.json> <delta.json>... [--format text|json] [--output file]`
// Incremental persistence: merges a base snapshot and its deltas the way awaitly's mergeSnapshots
// does, and shows which file each step came from. Every input is validated first; an invalid one
// stops the merge (awaitly would load it unvalidated and fail later, or silently mis-resume).
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { analyzeSnapshotText, mergeChain, type ChainLink, type MergedChain, type WorkflowSnapshot } from '../../snapshot';
import { ExitCode, parseCommandArgs, UsageError, type CliIo, type Command } from '../command';
import { TOOL_NAME } from '../version';

const HELP = `Usage: ${TOOL_NAME} merge <base.json> <delta.json>... [options]

Merges a base snapshot and one or more deltas in order, exactly as awaitly's mergeSnapshots does:
a delta's steps overwrite the base's, execution comes from the last delta, metadata is merged
shallowly, and workflowName (and any unknown top-level field) is dropped. Shows, for every step,
the file its entry came from and the files whose entries it overwrote.

Options:
  -f, --format <name>  text (default): the provenance table; json: { "version": 1, "merged", "steps", ... }
  -o, --output <file>  Also write the merged snapshot (pretty JSON) to this file (written atomically)
  -h, --help           Show this help

Exit codes: 0 merged; 1 an input is not a valid snapshot (its problems are listed); 2 usage or I/O error.
`;

function parse(args: string[]): { files: string[]; format: 'text' | 'json'; output?: string } {
  const parsed = parseCommandArgs(args, { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } });
  const format = parsed.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
  if (parsed.positionals.length < 2) throw new UsageError('merge needs a base snapshot and at least one delta');
  return { files: parsed.positionals, format, ...(parsed.values.output !== undefined ? { output: parsed.values.output } : {}) };
}

const display = (cwd: string, file: string): string => path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/') || file;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Merge a base snapshot and its deltas as awaitly does, showing which file each step came from',
  help: HELP,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parse(args);
    const links: ChainLink[] = [];
    let invalid = false;
    for (const file of options.files) {
      const shown = display(io.cwd, file);
      let text: string;
      try {
        text = await readFile(path.resolve(io.cwd, file), 'utf8');
      } catch (error) {
        io.stderr(`${TOOL_NAME}: cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        return ExitCode.usageOrIo;
      }
      const report = analyzeSnapshotText(text);
      const errors = report.diagnostics.filter((d) => d.severity === 'error');
      if (report.kind !== 'snapshot' || errors.length > 0) {
        invalid = true;
        if (report.kind !== 'snapshot' && errors.length === 0) io.stderr(`${shown}: not a WorkflowSnapshot (${report.kind}); only snapshots can be merged\n`);
        for (const d of errors) io.stderr(`${shown}:${d.range.start.line}:${d.range.start.column}  error  ${d.message}  ${d.code}\n`);
        continue;
      }
      links.push({ source: shown, snapshot: report.value as WorkflowSnapshot });
    }
    if (invalid) return ExitCode.problems;

    const chain = mergeChain(links);
    if (options.output !== undefined) {
      const target = path.resolve(io.cwd, options.output);
      const temp = `${target}.${process.pid}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(chain.snapshot, null, 2) + '\n');
        await rename(temp, target);
      } catch (error) {
        io.stderr(`${TOOL_NAME}: cannot write ${display(io.cwd, options.output)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
        return ExitCode.usageOrIo;
      }
    }
    io.stdout(options.format === 'json' ? JSON.stringify(toJson(chain), null, 2) + '\n' : toText(chain, options.output));
    return ExitCode.ok;
  },
};

function toJson(chain: MergedChain): unknown {
  return {
    version: 1,
    merged: chain.snapshot,
    steps: chain.steps.map((s) => ({ key: s.key, ok: Boolean(s.result?.ok), source: s.source, overwritten: s.overwritten, outcomeChanged: s.outcomeChanged })),
    executionSource: chain.executionSource,
    metadataSources: chain.metadataSources,
    dropped: chain.dropped,
  };
}

function toText(chain: MergedChain, output: string | undefined): string {
  const lines: string[] = [];
  const width = Math.min(48, Math.max(4, ...chain.steps.map((s) => s.key.length)));
  lines.push(`${'step'.padEnd(width)}  outcome  from`);
  for (const s of chain.steps) {
    const outcome = s.result?.ok ? 'ok     ' : 'failed ';
    const over = s.overwritten.length ? `  (overwrites ${s.overwritten.join(', ')}${s.outcomeChanged ? '; outcome changed' : ''})` : '';
    lines.push(`${JSON.stringify(s.key).slice(1, -1).padEnd(width)}  ${outcome}  ${s.source}${over}`);
  }
  lines.push('');
  lines.push(`execution from ${chain.executionSource}: status ${chain.snapshot.execution.status}, lastUpdated ${chain.snapshot.execution.lastUpdated}`);
  const meta = Object.entries(chain.metadataSources);
  if (meta.length) lines.push(`metadata: ${meta.map(([k, src]) => `${k} from ${src}`).join(', ')}`);
  for (const d of chain.dropped) lines.push(`dropped by the merge (as awaitly does): ${d.field} of ${d.source}`);
  lines.push(`${chain.steps.length} steps${output !== undefined ? `; merged snapshot written to ${output}` : ''}`);
  return lines.join('\n') + '\n';
}
