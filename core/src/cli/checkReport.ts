// Output of `awaitly-lens check`: the shared reporters (text, sarif, github) over the same DiagnosticReport as
// validate, plus what only check knows: the awaitly semantics applied and the workflows with their hashes.
import type { Diagnostic, RelatedLocation } from '../diagnostic';
import type { AwaitlySemantics, WorkflowInfo } from '../analysis/types';
import { textReporter } from './reporters/text';
import { sarifReporter } from './reporters/sarif';
import { githubReporter } from './reporters/github';
import { diagnosticRow } from './reporters/json';
import type { DiagnosticReport, Reporter } from './reporters/types';
import { UsageError } from './command';
import { displayPath } from './inputs';
import { engineText, type EngineReport } from '../typed/report';

import { CHECK_FORMATS } from './checkArgs';

export interface CheckExtras {
  semantics: AwaitlySemantics;
  workflows: Array<{ workflow: WorkflowInfo; name: string; hash: string }>;
  snapshots: Array<{ file: string; workflow: string | null; matchedBy: string }>;
  /** Which engine gave the step result types (absent: the caller did not analyse). */
  engine?: EngineReport;
  cwd: string;
}

export function semanticsText(s: AwaitlySemantics, cwd: string): string {
  const from = s.source === 'default' ? 'no awaitly found; default' : s.source === 'override' ? '--semantics' : displayPath(s.source, cwd);
  return `awaitly ${s.line} semantics${s.version ? ` (awaitly ${s.version}, ${from})` : ` (${from})`}`;
}

export function checkReporter(format: string | undefined, extras: CheckExtras): Reporter {
  switch (format ?? 'text') {
    case 'text':
      return (report) => {
        const header = `Applied ${semanticsText(extras.semantics, extras.cwd)}${extras.engine ? `; ${engineText(extras.engine)}` : ''}; ${extras.workflows.length} workflow(s), ${extras.workflows.reduce((n, w) => n + w.workflow.steps.length, 0)} step(s), ${extras.snapshots.length} snapshot(s) checked against code.\n`;
        return header + textReporter(report);
      };
    case 'json':
      return (report) => renderJson(report, extras);
    case 'sarif':
      return (report) => {
        const log = JSON.parse(sarifReporter(report)) as { runs: Array<{ properties?: Record<string, unknown> }> };
        log.runs[0]!.properties = { awaitlySemantics: extras.semantics.line, awaitlyVersion: extras.semantics.version ?? null, typedEngine: extras.engine?.name ?? null };
        return JSON.stringify(log, null, 2) + '\n';
      };
    case 'github':
      return (report) => `::notice title=awaitly-lens::Applied ${semanticsText(extras.semantics, extras.cwd)}${extras.engine ? `; ${engineText(extras.engine)}` : ''}\n${githubReporter(report)}`;
    default:
      throw new UsageError(`unknown format '${format}' (expected one of: ${CHECK_FORMATS.join(', ')})`);
  }
}

function relatedJson(r: RelatedLocation, file: string) {
  return { file: r.file ?? file, message: r.message, line: r.range.start.line, column: r.range.start.column, endLine: r.range.end.line, endColumn: r.range.end.column };
}

function renderJson(report: DiagnosticReport, extras: CheckExtras): string {
  const diagnostics = report.files.flatMap((f) => f.diagnostics.map((d: Diagnostic) => ({
    ...diagnosticRow(f.file, d),
    ...(d.jsonPath !== undefined ? { jsonPath: d.jsonPath } : {}),
    ...(d.related?.length ? { related: d.related.map((r) => relatedJson(r, f.file)) } : {}),
  })));
  const out = {
    version: 1,
    semantics: { line: extras.semantics.line, version: extras.semantics.version ?? null, source: extras.semantics.source === 'default' || extras.semantics.source === 'override' ? extras.semantics.source : displayPath(extras.semantics.source, extras.cwd) },
    engine: extras.engine ? { name: extras.engine.name, compiler: extras.engine.compiler, note: extras.engine.note ?? null, cache: extras.engine.cache ?? null } : null,
    diagnostics,
    workflows: extras.workflows.map(({ workflow: w, name, hash }) => ({
      name,
      file: displayPath(w.file, extras.cwd),
      line: w.range.start.line,
      entry: w.entry,
      restores: w.restores,
      notes: w.notes,
      definitionHash: hash,
      steps: w.steps.map((s) => ({
        id: s.id ? s.id.value ?? s.id.pattern ?? s.id.text : s.method,
        key: s.key?.value ?? null,
        keyPattern: s.key && s.key.value === undefined && s.key.form !== 'opaque' ? s.key.pattern ?? s.key.text : null,
        // Options the analysis cannot see into: the expression they come from, not a key pattern.
        ...(s.key?.form === 'opaque' ? { keyOptions: s.key.text } : {}),
        kind: s.kind,
        restore: s.restore,
        line: s.range.start.line,
      })),
    })),
    snapshots: extras.snapshots,
    failures: report.failures,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
