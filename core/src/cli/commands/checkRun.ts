// The body of `awaitly-lens check` (commands/check.ts parses the command line and replays unchanged runs): analyse
// the project, the definitions against the lock file or another revision, snapshots against their workflow, the
// report; and --fix.
import * as fs from 'node:fs';
import type { Diagnostic } from '../../diagnostic';
import type { Finding, ProjectAnalysis } from '../../analysis/types';
import { buildLock, definitionChangeFindings, definitionHash, diffLocks, diffWorkflow, explainChanges, lockKeys, type LockFile } from '../../hash/index';
import { analyzeSnapshotText } from '../../snapshot/index';
import type { SnapshotTextReport } from '../../snapshot/report';
import { checkSnapshotAgainstCode, SnapshotLocator } from '../../replay/index';
import { checkText } from '../checkFile';
import { ExitCode, type CliIo } from '../command';
import { plural } from '../reporters/summary';
import { compareCodeUnits, describeFsError, displayPath } from '../inputs';
import { emitReport } from '../options';
import type { FileFailure, ReportedFile } from '../reporters/types';
import { TOOL_NAME } from '../version';
import { inScope, collectSnapshotInputs } from '../projectInputs';
import { isFailure, lockPath, openSession, readLock } from '../analysisSession';
import { checkReporter, type CheckExtras } from '../checkReport';
import { DEFAULT_LINE } from '../../semantics/lines';
import { typescriptBackend } from '../typescriptBackend';
import { outsideDiagnostic } from '../outsideProject';
import { CACHE_HIT } from '../../typed/report';
import { lockTextState, recording, storeReplay, type ReplayKey } from '../checkReplay';
import type { CheckOptions } from '../checkArgs';

/**
 * Analyses and reports. With a replay key (and an entry that can serve later runs) the output is also stored as a
 * hit prints it; keyNow gives the key again after the run (an operand or the lock file changed meanwhile: nothing stored).
 */
export function runAnalysed(options: CheckOptions, includeResultTypes: boolean, io: CliIo, key: ReplayKey | undefined, keyNow: () => ReplayKey | undefined): number {
  const session = openSession(options.paths, { project: options.project, semantics: options.semantics, includeResultTypes, cache: options.cache, ...(options.engine ? { engine: options.engine } : {}) }, io.cwd);
  const failures: FileFailure[] = [...session.failures];
  const { selection, analysis } = session;
  const scope = selection?.scope ?? [];
  const findings: Finding[] = analysis ? analysis.findings.filter((f) => inScope(f.file, scope)) : [];
  const currentLock = analysis ? buildLock(analysis) : undefined;

  // Definitions against the lock file.
  let lock: LockFile | undefined;
  const lockFile = lockPath(selection, options.lock, io.cwd);
  // The lock file as this run read it (compared with the replay key's: a lock edited meanwhile stores nothing).
  let lockRead: string | undefined = 'absent';
  if (lockFile && analysis && currentLock && (options.lock !== undefined || fs.existsSync(lockFile))) {
    const read = readLock(lockFile, io.cwd);
    lockRead = isFailure(read) ? undefined : lockTextState(read.text);
    if (isFailure(read)) failures.push(read);
    else {
      lock = read.lock;
      const locator = new SnapshotLocator(read.text);
      findings.push(...definitionChangeFindings(diffLocks(read.lock, currentLock), analysis, read.lock, {
        kind: 'lock', file: lockFile, locate: (name) => locator.range(['workflows', name], 'key').range,
      }).filter((f) => f.file === lockFile || inScope(f.file, scope)));
    }
  }

  // Definitions against another revision.
  if (options.against !== undefined && analysis && currentLock && selection) {
    const { analyzeAtRevision, RevisionError } = typescriptBackend();
    try {
      const before = buildLock(analyzeAtRevision(selection, options.against, options.semantics));
      findings.push(...definitionChangeFindings(diffLocks(before, currentLock), analysis, before, { kind: 'revision', ref: options.against })
        .filter((f) => inScope(f.file, scope) || !fs.existsSync(f.file)));
    } catch (error) {
      if (!(error instanceof RevisionError)) throw error;
      failures.push({ file: displayPath(selection.rootDir, io.cwd), message: `--against ${options.against}: ${error.message}` });
    }
  }

  // Snapshots against their workflow.
  const snapshotFiles: ReportedFile[] = [];
  const snapshotSummaries: CheckExtras['snapshots'] = [];
  if (options.snapshots.length) {
    const { files, problems } = collectSnapshotInputs(options.snapshots, io.cwd);
    failures.push(...problems.map((p) => ({ file: p.display, message: p.message })));
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file.path, 'utf8');
      } catch (error) {
        failures.push({ file: file.display, message: `cannot read: ${describeFsError(error)}` });
        continue;
      }
      let report: SnapshotTextReport | undefined;
      const outcome = checkText(text, file, (t) => (report = analyzeSnapshotText(t)));
      if (outcome.status === 'skipped') continue;
      if (outcome.status === 'failed') {
        failures.push({ file: file.display, message: outcome.message });
        continue;
      }
      const diagnostics: Diagnostic[] = [...outcome.diagnostics];
      if (analysis && report && report.kind !== 'other' && report.value !== undefined) {
        const result = checkSnapshotAgainstCode(text, report.value, analysis.workflows.filter((w) => inScope(w.file, scope)), analysis.semantics, {
          explainHash: (wf, stored) => explainFromLock(lock, currentLock, analysis, wf, stored),
          rejectedByAwaitly: !report.verdict.valid,
        });
        diagnostics.push(...result.diagnostics);
        snapshotSummaries.push({ file: file.display, workflow: result.match?.workflow?.label ?? null, matchedBy: result.match?.reason ?? '' });
      }
      snapshotFiles.push({ file: file.display, diagnostics: sortDiagnostics(diagnostics.map((d) => relativeRelated(d, io.cwd))) });
    }
  }

  const reported = reportedSourceFiles(analysis, findings, scope, io.cwd);
  const outside = session.outside.map((o) => ({ file: displayPath(o.path, io.cwd), diagnostics: [outsideDiagnostic(o)] }));
  const files = [...reported, ...outside, ...snapshotFiles].sort((a, b) => compareCodeUnits(a.file, b.file));
  const keys = analysis ? lockKeys(analysis.workflows) : new Map();
  const extras: CheckExtras = {
    semantics: analysis?.semantics ?? { line: options.semantics ?? DEFAULT_LINE, source: options.semantics ? 'override' : 'default' },
    // The lock just built holds every hash already (a definition hash walks all its steps: computed once).
    workflows: (analysis?.workflows ?? []).filter((w) => inScope(w.file, scope)).map((w) => ({ workflow: w, name: keys.get(w)!, hash: currentLock?.workflows[keys.get(w)!]?.hash ?? definitionHash(w) })),
    snapshots: snapshotSummaries,
    ...(session.engine ? { engine: session.engine } : {}),
    cwd: io.cwd,
  };
  const report = { cwd: io.cwd, files, failures };
  const validity = session.validity;
  if (!key || !validity || !session.engine || lockRead !== key.lock) return emitReport(report, checkReporter(options.format, extras), io, options.maxWarnings);
  // Stored as a hit prints it (the header's cache words are the only difference): this run's output if it was a
  // hit, else a second rendering with those words.
  const printed = recording(io);
  const code = emitReport(report, checkReporter(options.format, extras), printed.io, options.maxWarnings);
  let asHit = { writes: printed.writes, code };
  if (session.engine.cache !== CACHE_HIT) {
    const silent = recording({ ...io, stdout: () => {}, stderr: () => {} });
    asHit = { writes: silent.writes, code: emitReport(report, checkReporter(options.format, { ...extras, engine: { ...session.engine, cache: CACHE_HIT } }), silent.io, options.maxWarnings) };
  }
  // The operands and the lock file as they are now must still be those the key was computed for.
  if (keyNow()?.command === key.command) storeReplay(key, validity, asHit.writes, asHit.code);
  return code;
}

/**
 * --fix / --fix-dry-run: the fixes of the code findings in scope (core/src/fixes). --fix writes them and then
 * reports what is left by checking again (so positions and counts are those of the new text).
 */
export async function runFix(args: string[], options: CheckOptions, io: CliIo, runCheck: (args: string[], io: CliIo) => Promise<number>): Promise<number> {
  // Sub-millisecond, as file times are: with Date.now() (whole ms), a file written in the same millisecond as the run
  // started (a script that writes, then fixes) counted as changed during the analysis.
  const analysedSince = performance.timeOrigin + performance.now();
  const session = openSession(options.paths, { project: options.project, semantics: options.semantics, includeResultTypes: false, cache: options.cache, ...(options.engine ? { engine: options.engine } : {}) }, io.cwd);
  const scope = session.selection?.scope ?? [];
  const findings = session.analysis ? session.analysis.findings.filter((f) => inScope(f.file, scope)) : [];
  const { fixDiff, fixFiles } = typescriptBackend();
  const results = fixFiles(findings, session.analysis?.workflows ?? [], { write: options.fix === 'write', analysedSince });
  const show = (file: string) => displayPath(file, io.cwd);
  const unwritten = results.filter((r) => r.notWritten !== undefined);
  for (const r of unwritten) io.stderr(`${TOOL_NAME}: ${show(r.file)}: ${r.notWritten}\n`);
  const done = results.filter((r) => r.notWritten === undefined && r.fixed.length > 0);
  const fixed = done.reduce((n, r) => n + r.fixed.length, 0);
  const skipped = results.flatMap((r) => r.skipped.map((f) => `${show(r.file)}:${f.range.start.line}:${f.range.start.column} ${f.code}`));
  const left = skipped.length ? `; ${plural(skipped.length, 'fix', 'fixes')} overlapping one applied now, left for the next run: ${skipped.join(', ')}` : '';
  if (options.fix === 'dry-run') {
    // (--fix prints what could not be read in the check that follows.)
    for (const f of session.failures) io.stderr(`${TOOL_NAME}: ${f.file}: ${f.message}\n`);
    io.stdout(fixDiff(done, show));
    io.stderr(`${TOOL_NAME}: would fix ${plural(fixed, 'problem')} in ${plural(done.length, 'file')}; nothing written${left}\n`);
    if (session.failures.length > 0 || unwritten.length > 0) return ExitCode.usageOrIo;
    return fixed > 0 ? ExitCode.problems : ExitCode.ok;
  }
  io.stderr(`${TOOL_NAME}: fixed ${plural(fixed, 'problem')} in ${plural(done.length, 'file')}${left}\n`);
  const code = await runCheck(args.filter((a) => a !== '--fix' && a !== '--dry-run' && a !== '--fix-dry-run'), io);
  return unwritten.length > 0 ? Math.max(code, ExitCode.usageOrIo) : code;
}

/** When the lock recorded the snapshot's hash for this workflow, the lock tells what changed since. */
function explainFromLock(lock: LockFile | undefined, current: LockFile | undefined, analysis: ProjectAnalysis, wf: ProjectAnalysis['workflows'][number], stored: string) {
  if (!lock || !current) return undefined;
  const name = lockKeys(analysis.workflows).get(wf);
  const before = name !== undefined ? lock.workflows[name] : undefined;
  const after = name !== undefined ? current.workflows[name] : undefined;
  if (!before || !after || before.hash !== stored) return undefined;
  const d = diffWorkflow(name!, before, after);
  return { text: `${explainChanges(d)} (per the lock file)`, breaking: d.classification === 'breaking' };
}

/** Every analysed file in scope is reported (so the summary counts it), each with its findings. */
function reportedSourceFiles(analysis: ProjectAnalysis | undefined, findings: Finding[], scope: string[], cwd: string): ReportedFile[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const f of analysis?.files ?? []) if (inScope(f, scope)) byFile.set(f, []);
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    const { file: _file, workflow: _workflow, ...d } = f;
    list.push(relativeRelated(d, cwd));
    byFile.set(f.file, list);
  }
  return [...byFile].map(([file, diagnostics]) => ({ file: displayPath(file, cwd), diagnostics: sortDiagnostics(diagnostics) }));
}

function relativeRelated(d: Diagnostic, cwd: string): Diagnostic {
  if (!d.related?.length) return d;
  return { ...d, related: d.related.map((r) => (r.file ? { ...r, file: displayPath(r.file, cwd) } : r)) };
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.range.startOffset - b.range.startOffset || compareCodeUnits(a.code, b.code));
}

