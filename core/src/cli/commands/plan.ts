// `awaitly-lens plan <snapshot.json> [--workflow name] [paths…] [--format text|json]`: what resuming from a snapshot
// (or serialized resume state) does with each step of the code, in code order, plus the entries no step produces.
import * as fs from 'node:fs';
import { analyzeSnapshotText } from '../../snapshot/index';
import { checkSnapshotAgainstCode } from '../../replay/index';
import { parseCommandArgs, UsageError, ExitCode, type CliIo, type Command } from '../command';
import { describeFsError, displayPath } from '../inputs';
import { TOOL_NAME } from '../version';
import { openSession, parseSemantics, warnOutside } from '../analysisSession';
import { semanticsText } from '../checkReport';
import { inScope } from '../projectInputs';
import * as path from 'node:path';

const HELP = `Usage: ${TOOL_NAME} plan <snapshot.json> [paths...] [options]

Shows, for each step of the workflow a snapshot belongs to, what a resume from it does: skipped (cached
success), replay-failure (the stored error ends the run), runs, maybe (partly known key), not-reached; a
loop step whose key is a template gets one indented row per snapshot entry it matches (one per iteration);
and every snapshot key that no step produces (unknown). The workflow is found from workflowName, a name in
metadata, or the snapshot's step keys; choose it with --workflow when that is ambiguous.

Options:
  -w, --workflow <name>    Workflow label, name or id
  -p, --project <file>     tsconfig.json to use (default: as for check, from the paths or the working directory)
      --semantics <line>   1.35 or 4.x (default: from the installed awaitly)
      --no-cache           Do not read or write the analysis cache (node_modules/.cache/awaitly-lens/, shared with check)
  -f, --format <name>      text (default) or json
  -h, --help               Show this help

Exit codes: 0 plan shown; 1 the snapshot is invalid for awaitly or no workflow matches; 2 usage or I/O error.
`;

export async function runPlan(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, {
    workflow: { type: 'string', short: 'w' },
    project: { type: 'string', short: 'p' },
    semantics: { type: 'string' },
    'no-cache': { type: 'boolean' },
    format: { type: 'string', short: 'f' },
  });
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' (expected one of: text, json)`);
  const [snapshotArg, ...paths] = positionals;
  if (snapshotArg === undefined) throw new UsageError('no snapshot given: name a snapshot or resume-state JSON file');
  const semantics = parseSemantics(values.semantics);

  const snapshotPath = path.resolve(io.cwd, snapshotArg);
  const snapshotDisplay = displayPath(snapshotPath, io.cwd);
  let text: string;
  try {
    text = fs.readFileSync(snapshotPath, 'utf8');
  } catch (error) {
    io.stderr(`${TOOL_NAME}: ${snapshotDisplay}: cannot read: ${describeFsError(error)}\n`);
    return ExitCode.usageOrIo;
  }
  const report = analyzeSnapshotText(text);
  if (report.value === undefined || report.kind === 'other') {
    const first = report.diagnostics[0];
    io.stderr(`${TOOL_NAME}: ${snapshotDisplay}: ${first ? `${first.range.start.line}:${first.range.start.column}: ${first.message}` : 'not a snapshot or resume state'}\n`);
    return ExitCode.usageOrIo;
  }

  const session = openSession(paths, { project: values.project, semantics, cache: values['no-cache'] !== true }, io.cwd);
  for (const f of session.failures) io.stderr(`${TOOL_NAME}: ${f.file}: ${f.message}\n`);
  warnOutside(session, io.cwd, io.stderr, TOOL_NAME);
  if (!session.analysis) return ExitCode.usageOrIo;
  const analysis = session.analysis;
  const scope = session.selection?.scope ?? [];
  const workflows = analysis.workflows.filter((w) => inScope(w.file, scope));
  const result = checkSnapshotAgainstCode(text, report.value, workflows, analysis.semantics, values.workflow !== undefined ? { workflow: values.workflow } : {});
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const wf = result.match?.workflow;
  const plan = result.plan;

  const steps = [
    ...(plan?.steps ?? []).map((s) => ({
      key: s.key ?? null,
      id: s.id ?? null,
      state: s.state as string,
      line: s.range.start.line,
      file: displayPath(s.file, io.cwd),
      ...(s.entryKey !== undefined ? { entryKey: s.entryKey } : {}),
      ...(s.matches ? { matches: s.matches } : {}),
      ...(s.iterations ? { iterations: s.iterations } : {}),
      conditional: s.conditional,
      reason: s.reason,
    })),
    ...(plan?.unknown ?? []).map((u) => ({
      key: u.key,
      id: null,
      state: 'unknown',
      line: result.unknownRanges.get(u.key)?.start.line ?? null,
      file: snapshotDisplay,
      conditional: false,
      reason: u.message,
    })),
  ];

  if (format === 'json') {
    io.stdout(JSON.stringify({
      version: 1,
      workflow: wf?.label ?? null,
      workflowFile: wf ? displayPath(wf.file, io.cwd) : null,
      workflowLine: wf?.range.start.line ?? null,
      matchedBy: result.match?.reason ?? null,
      snapshot: snapshotDisplay,
      format: result.input?.format ?? null,
      semantics: { line: analysis.semantics.line, version: analysis.semantics.version ?? null },
      summary: plan?.summary ?? null,
      ...(plan?.shapeDrift ? { shapeDrift: plan.shapeDrift } : {}),
      steps,
      notes: plan?.notes ?? [],
      snapshotErrors: errors.map((d) => ({ code: d.code, message: d.message, line: d.range.start.line, column: d.range.start.column })),
    }, null, 2) + '\n');
  } else {
    const lines: string[] = [];
    lines.push(`Replay plan for ${snapshotDisplay} (${semanticsText(analysis.semantics, io.cwd)})`);
    for (const d of errors) lines.push(`  ${snapshotDisplay}:${d.range.start.line}:${d.range.start.column}  error  ${d.message}  ${d.code}  (awaitly refuses to resume from this file)`);
    if (!wf) {
      lines.push(`No workflow matched: ${result.match?.reason ?? 'not a snapshot'}. Choose one with --workflow <name>.`);
      const labels = workflows.map((w) => w.label);
      if (labels.length) lines.push(`Workflows: ${labels.join(', ')}`);
    } else {
      lines.push(`Workflow '${wf.label}' (${displayPath(wf.file, io.cwd)}:${wf.range.start.line}), matched by ${result.match!.reason}`);
      lines.push('');
      // A loop step with a template key: one indented row per iteration (snapshot entry) under it.
      const rows = steps.flatMap((s) => [
        [s.state === 'unknown' ? `${s.file}:${s.line ?? '?'}` : `${s.file}:${s.line}`, s.state + (s.conditional ? '*' : ''), s.id ?? '-', s.key ?? '-', s.reason],
        ...('iterations' in s && s.iterations ? s.iterations.map((i) => ['', `  ${i.state}`, '', i.entryKey ?? '(other keys)', i.reason]) : []),
      ]);
      const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['where', 'state', 'step', 'key'][i]!.length));
      const row = (r: string[]) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd();
      lines.push(row(['where', 'state', 'step', 'key', 'why']));
      for (const r of rows) lines.push(row(r));
      if (steps.some((s) => s.conditional)) lines.push('  * inside a loop, branch or try: holds if and when the step executes');
      lines.push('');
      lines.push(`Summary: ${plan!.summary}`);
      for (const n of plan!.notes) lines.push(`Note: ${n}`);
    }
    io.stdout(lines.join('\n') + '\n');
  }
  if (session.failures.length) return ExitCode.usageOrIo;
  return errors.length || !wf ? ExitCode.problems : ExitCode.ok;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what resuming from a snapshot does with each step of its workflow',
  help: HELP,
  run: runPlan,
};
