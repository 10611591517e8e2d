// Diagnostics: every analysis rule for a source file (with related locations) plus definition changes against
// the lock file on the workflow's name; for a JSON document that is a snapshot or resume state (by content),
// the snapshot rules at their exact ranges plus the checks against the matching workflow (unknown keys,
// replayed stored failures, definitionHash). The findings are core's (the same codes as `awaitly-lens check`);
// this module only chooses what to run and converts.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Finding, ProjectAnalysis, WorkflowInfo } from '../../../core/src/analysis';
import type { Range } from '../../../core/src/diagnostic';
import { analyzeSnapshotText } from '../../../core/src/snapshot';
import { checkSnapshotAgainstCode } from '../../../core/src/replay';
import { definitionChangeFindings, diffWorkflow, explainChanges, lockEntry, lockKeys } from '../../../core/src/hash';
import { toLspDiagnostic } from '../convert';
import type { FolderProject } from '../project';

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
 * the changed steps are the related locations. Needs the definition hash, so it reads the typed analysis
 * (step result types): the costly part of an edit; the session runs it off the didChange → publish path.
 */
export async function lockFindings(folder: FolderProject, file: string): Promise<Finding[]> {
  const state = folder.lock();
  if (!state.lock) return [];
  // The cheap analysis first: a file that runs no workflow needs no typed analysis.
  if (!folder.analyzeFile(file).workflows.some((w) => w.file === file)) return [];
  const own = (await folder.typedFile(file)).workflows.filter((w) => w.file === file);
  if (own.length === 0) return [];
  const lock = state.lock;
  const keys = lockKeys(own);
  const diffs = own.map((w) => {
    const key = keys.get(w)!;
    const stored = lock.workflows[key] ?? lock.workflows[w.id] ?? lock.workflows[w.label];
    return diffWorkflow(key, stored, lockEntry(folder.rootDir, w));
  });
  const current: ProjectAnalysis = { rootDir: folder.rootDir, semantics: folder.analysis.semantics, workflows: own, findings: [], files: [file] };
  const findings = definitionChangeFindings({ workflows: diffs, breaking: diffs.some((d) => d.classification === 'breaking') }, current, lock, { kind: 'lock', file: state.path });
  return findings.map((f) => {
    const w = own.find((x) => x.id === f.workflow);
    return w ? { ...f, file, range: workflowAnchor(w, file) } : f;
  });
}

/** Whether a source file has lock diagnostics to compute: a readable lock, the rule on, and a workflow run from the file. */
export function needsLockFindings(folder: FolderProject, file: string): boolean {
  if (folder.settings.rules['definition-changed'] === 'off') return false;
  if (!folder.lock().lock) return false;
  return folder.analyzeFile(file).workflows.some((w) => w.file === file);
}

/**
 * Lock findings computed for an earlier version of the file, moved onto the current anchor of their workflow
 * (dropped when the workflow is gone): shown until the new ones are ready, so they do not flicker on each edit.
 */
export function carriedLockFindings(folder: FolderProject, file: string, before: readonly Finding[]): Finding[] {
  if (before.length === 0) return [];
  const own = folder.analyzeFile(file).workflows.filter((w) => w.file === file);
  const out: Finding[] = [];
  for (const f of before) {
    const w = own.find((x) => x.id === f.workflow);
    if (w) out.push({ ...f, range: workflowAnchor(w, file) });
  }
  return out;
}

/** The analysis rules' diagnostics for a source file (no definition hashes: cheap enough for every edit). */
export function ruleDiagnostics(folder: FolderProject, file: string): LspDiagnostic[] {
  return toLsp(folder, file, folder.analyzeFile(file).findings);
}

export function toLsp(folder: FolderProject, file: string, findings: readonly Finding[]): LspDiagnostic[] {
  const rules = folder.settings.rules;
  const out: LspDiagnostic[] = [];
  for (const f of findings) {
    if (f.file !== file) continue;
    const d = toLspDiagnostic(f, file, rules);
    if (d) out.push(d);
  }
  return out;
}

/** Everything for a source file at once: the rules and the lock (computes the definition hashes). */
export async function sourceDiagnostics(folder: FolderProject, file: string): Promise<LspDiagnostic[]> {
  return [...ruleDiagnostics(folder, file), ...toLsp(folder, file, needsLockFindings(folder, file) ? await lockFindings(folder, file) : [])];
}

export interface SnapshotDiagnostics {
  diagnostics: LspDiagnostic[];
  /** The snapshot carries metadata.definitionHash but no typed workflows were given: that comparison is still to do. */
  hashPending: boolean;
}

/** Whether a parsed snapshot or resume state carries a metadata.definitionHash to compare (which needs the typed analysis). */
function carriesDefinitionHash(value: unknown): boolean {
  const metadata = typeof value === 'object' && value !== null ? (value as { metadata?: unknown }).metadata : undefined;
  return typeof metadata === 'object' && metadata !== null && typeof (metadata as { definitionHash?: unknown }).definitionHash === 'string';
}

/**
 * Snapshot diagnostics, or none for JSON that is not a snapshot (detected by content). Unknown keys and
 * replayed failures come from the rules' analysis; the metadata.definitionHash comparison needs `typed`
 * (the folder's workflows with step result types): without it that one check is left out and `hashPending` says so.
 */
export function snapshotDiagnostics(folder: FolderProject, file: string, text: string, typed: readonly WorkflowInfo[] | undefined): SnapshotDiagnostics {
  const report = analyzeSnapshotText(text);
  if (!report.looksLikeSnapshot) return { diagnostics: [], hashPending: false };
  const diagnostics = [...report.diagnostics];
  let hashPending = false;
  if (report.kind !== 'other' && report.value !== undefined) {
    const lock = folder.lock().lock;
    hashPending = !typed && carriesDefinitionHash(report.value);
    const check = checkSnapshotAgainstCode(text, report.value, typed ?? folder.workflows(), folder.analysis.semantics, {
      compareDefinitionHash: !!typed,
      rejectedByAwaitly: !report.verdict.valid,
      // A snapshot hash that the lock recorded: the lock's steps say what changed since.
      explainHash: (w, stored) => {
        const entry = lock && Object.values(lock.workflows).find((e) => e.hash === stored);
        if (!entry) return undefined;
        const d = diffWorkflow(w.label, entry, lockEntry(folder.rootDir, w));
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
  return { diagnostics: out, hashPending };
}
