// Diagnostics: every analysis rule for a source file (with related locations) plus definition changes
// against the lock file on the workflow's name; for a JSON document that is a snapshot or resume state (by
// content), the snapshot rules at their exact ranges plus unknown keys and replayed failures against the
// matching workflow.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic, Range, Severity } from '../../../core/src/diagnostic';
import type { WorkflowInfo } from '../../../core/src/analysis';
import { analyzeSnapshotText, toPointer } from '../../../core/src/snapshot';
import { toLspDiagnostic } from '../convert';
import type { FolderProject } from '../project';
import { keyRange } from '../snapshots';
import { lockStatus } from './lock';
import { planFor } from './replay';

/** Where a workflow-level diagnostic or lens goes: the workflow's name when it is in this file, else the first line of its definition. */
export function workflowAnchor(w: WorkflowInfo, file: string): Range {
  if (w.name && w.name.file === file && w.name.range.start.line === w.name.range.end.line) return w.name.range;
  const r = w.definition.file === file ? w.definition.range : w.range;
  if (r.start.line === r.end.line) return r;
  return { start: r.start, end: { line: r.start.line, column: r.start.column + 1 }, startOffset: r.startOffset, endOffset: r.startOffset + 1 };
}

/** Lock findings (definition-changed, definition-not-locked, lock-unreadable) for the workflows defined in a file. */
export function lockFindings(folder: FolderProject, workflows: readonly WorkflowInfo[], file: string): Array<Diagnostic & { workflow: string }> {
  const out: Array<Diagnostic & { workflow: string }> = [];
  for (const w of workflows) {
    if (w.file !== file) continue;
    const status = lockStatus(folder, w);
    const range = workflowAnchor(w, file);
    const lockName = folder.settings.lockFile;
    const data = { workflowId: w.id, lockKey: status.key };
    if (status.status === 'changed') {
      const diff = status.diff!;
      const breaking = diff.classification === 'breaking';
      const changes = diff.changes.map((c) => `${c.message}${c.classification === 'breaking' ? ' [breaking]' : ''}`);
      out.push({
        code: 'definition-changed',
        severity: breaking ? 'warning' : 'info',
        message: `Workflow '${w.label}' changed since ${lockName}${breaking ? ': snapshots in flight may resume wrongly' : ' (safe for snapshots in flight)'}. ${changes.join('; ') || 'The definition hash differs.'}`,
        range,
        workflow: w.id,
        data,
      });
    } else if (status.status === 'not-locked') {
      out.push({ code: 'definition-not-locked', severity: 'info', message: `Workflow '${w.label}' is not in ${lockName}.`, range, workflow: w.id, data });
    } else if (status.status === 'unreadable') {
      out.push({ code: 'lock-unreadable', severity: 'warning', message: `${lockName} cannot be read: ${status.error ?? 'unknown error'}`, range, workflow: w.id, data });
    }
  }
  return out;
}

export function sourceDiagnostics(folder: FolderProject, file: string): LspDiagnostic[] {
  const analysis = folder.analyzeFile(file);
  const rules = folder.settings.rules;
  const out: LspDiagnostic[] = [];
  for (const f of analysis.findings) {
    const d = toLspDiagnostic(f, file, rules);
    if (d) out.push(d);
  }
  for (const f of lockFindings(folder, analysis.workflows, file)) {
    const d = toLspDiagnostic(f, file, rules);
    if (d) out.push(d);
  }
  return out;
}

/** Snapshot diagnostics, or [] for JSON that is not a snapshot (detected by content). */
export function snapshotDiagnostics(folder: FolderProject, file: string, text: string): LspDiagnostic[] {
  const report = analyzeSnapshotText(text);
  if (!report.looksLikeSnapshot) return [];
  const rules = folder.settings.rules;
  const out: LspDiagnostic[] = [];
  for (const d of report.diagnostics) {
    const lsp = toLspDiagnostic(d, file, rules);
    if (lsp) out.push(lsp);
  }
  if (report.kind === 'other') return out;
  const sf = folder.snapshots.get(file);
  if (!sf) return out;
  const planned = planFor(folder, sf);
  if (!('plan' in planned)) return out;
  const { plan, workflow } = planned;
  const fallback = report.diagnostics[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 2 }, startOffset: 0, endOffset: 1 };
  const extra: Diagnostic[] = [];
  const workflowAt = { file: workflow.file, range: workflowAnchor(workflow, workflow.file), message: `workflow '${workflow.label}' (matched: ${planned.match})` };
  for (const u of plan.unknown) {
    extra.push({ code: u.code, severity: 'warning', message: u.message, range: keyRange(sf, u.key) ?? fallback, jsonPath: toPointer(['steps', u.key]), related: [workflowAt], data: { key: u.key } });
  }
  const seen = new Set<string>();
  for (const s of plan.steps) {
    if (s.state !== 'replay-failure' || !s.entryKey || seen.has(s.entryKey)) continue;
    seen.add(s.entryKey);
    const step = workflow.steps[s.index]!;
    const name = s.id ?? step.method;
    extra.push({
      code: 'replayed-failure',
      severity: 'warning' as Severity,
      message: `Resuming workflow '${workflow.label}' from this file replays this stored failure: step '${name}' does not run${s.conditional ? ' (when it is reached)' : ''} and the workflow ends with the stored error. Remove the entry to run the step again.`,
      range: keyRange(sf, s.entryKey) ?? fallback,
      related: [{ file: step.file, range: step.range, message: `step '${name}'` }, workflowAt],
      data: { key: s.entryKey, workflowId: workflow.id, stepIndex: s.index },
    });
  }
  for (const d of extra) {
    const lsp = toLspDiagnostic(d, file, rules);
    if (lsp) out.push(lsp);
  }
  return out;
}
