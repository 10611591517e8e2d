// Diagnostics: every analysis rule for a source file (with related locations) plus definition changes against
// the lock file on the workflow's name; for a JSON document that is a snapshot or resume state (by content),
// the snapshot rules at their exact ranges plus the checks against the matching workflow (unknown keys,
// replayed stored failures, definitionHash). The findings are core's (the same codes as `awaitly-lens check`);
// this module only chooses what to run and converts.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Finding, WorkflowInfo } from '../../../core/src/analysis';
import type { Range } from '../../../core/src/diagnostic';
import { analyzeSnapshotText } from '../../../core/src/snapshot';
import { checkSnapshotAgainstCode } from '../../../core/src/replay';
import { definitionChangeFindings, diffWorkflow, explainChanges, lockKeys } from '../../../core/src/hash';
import { toLspDiagnostic } from '../convert';
import type { FolderProject } from '../project';
import { lockEntry } from './lock';

/** Where a workflow-level diagnostic or lens goes: the workflow's name when it is in this file, else the first line of its definition. */
export function workflowAnchor(w: WorkflowInfo, file: string): Range {
  if (w.name && w.name.file === file && w.name.range.start.line === w.name.range.end.line) return w.name.range;
  const r = w.definition.file === file ? w.definition.range : w.range;
  if (r.start.line === r.end.line) return r;
  return { start: r.start, end: { line: r.start.line, column: r.start.column + 1 }, startOffset: r.startOffset, endOffset: r.startOffset + 1 };
}

/**
 * `definition-changed` findings (core's definitionChangeFindings) for the workflows run from a file, compared
 * with their lock entries only, so an edit never hashes the whole project. Placed on the workflow's name;
 * the changed steps are the related locations.
 */
export function lockFindings(folder: FolderProject, workflows: readonly WorkflowInfo[], file: string): Finding[] {
  const state = folder.lock();
  const own = workflows.filter((w) => w.file === file);
  if (!state.lock || own.length === 0) return [];
  const lock = state.lock;
  const keys = lockKeys(own);
  const diffs = own.map((w) => {
    const key = keys.get(w)!;
    const stored = lock.workflows[key] ?? lock.workflows[w.id] ?? lock.workflows[w.label];
    return diffWorkflow(key, stored, lockEntry(folder, w));
  });
  const current = { ...folder.project(), workflows: own };
  const findings = definitionChangeFindings({ workflows: diffs, breaking: diffs.some((d) => d.classification === 'breaking') }, current, lock, { kind: 'lock', file: state.path });
  return findings.map((f) => {
    const w = own.find((x) => x.id === f.workflow);
    return w ? { ...f, file, range: workflowAnchor(w, file) } : f;
  });
}

export function sourceDiagnostics(folder: FolderProject, file: string): LspDiagnostic[] {
  const analysis = folder.analyzeFile(file);
  const rules = folder.settings.rules;
  const out: LspDiagnostic[] = [];
  for (const f of [...analysis.findings, ...lockFindings(folder, analysis.workflows, file)]) {
    if (f.file !== file) continue;
    const d = toLspDiagnostic(f, file, rules);
    if (d) out.push(d);
  }
  return out;
}

/** Snapshot diagnostics, or [] for JSON that is not a snapshot (detected by content). */
export function snapshotDiagnostics(folder: FolderProject, file: string, text: string): LspDiagnostic[] {
  const report = analyzeSnapshotText(text);
  if (!report.looksLikeSnapshot) return [];
  const diagnostics = [...report.diagnostics];
  if (report.kind !== 'other' && report.value !== undefined) {
    const lock = folder.lock().lock;
    const check = checkSnapshotAgainstCode(text, report.value, folder.workflows(), folder.project().semantics, {
      rejectedByAwaitly: !report.verdict.valid,
      // A snapshot hash that the lock recorded: the lock's steps say what changed since.
      explainHash: (w, stored) => {
        const entry = lock && Object.values(lock.workflows).find((e) => e.hash === stored);
        if (!entry) return undefined;
        const d = diffWorkflow(w.label, entry, lockEntry(folder, w));
        return { text: explainChanges(d), breaking: d.classification === 'breaking' };
      },
    });
    diagnostics.push(...check.diagnostics);
  }
  const rules = folder.settings.rules;
  const out: LspDiagnostic[] = [];
  for (const d of diagnostics) {
    const lsp = toLspDiagnostic(d, file, rules);
    if (lsp) out.push(lsp);
  }
  return out;
}
