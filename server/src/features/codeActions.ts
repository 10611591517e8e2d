// Quick fixes and "fix all" for the analysis findings, and the lock update: the fixes themselves are computed by
// core/src/fixes (shared with `check --fix`); this module turns them into CodeActions with WorkspaceEdits on the
// document's current text.
import * as fs from 'node:fs';
import {
  CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range as LspRange, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, WorkflowInfo } from '../../../core/src/analysis';
import { FileFixer, selectFixes, type TextEdit as CoreEdit } from '../../../core/src/fixes';
import { LineIndex } from '../../../core/src/text';
import { CommandIds } from '../protocol/requests';
import { offsetsToLspRange, overlaps, pathToUri, toLspDiagnostic } from '../convert';
import type { FolderProject, Overlay } from '../project';
import { lockFindings, workflowAnchor } from './diagnostics';
import { lockStatus, updatedLockText } from './lock';

/** The kind of the "fix all awaitly problems" source action (as ESLint's source.fixAll.eslint). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.awaitly-lens`;

export interface EditCapabilities {
  /** The client applies documentChanges with a 'create' resource operation (needed to create the lock file). */
  createFiles: boolean;
}

function workspaceEdit(uri: string, index: LineIndex, edits: readonly CoreEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits.map((e): TextEdit => ({ range: offsetsToLspRange(index, e.startOffset, e.endOffset), newText: e.newText })) } };
}

/** Whether the client asked only for other kinds (a source action request must not get quick fixes, and back). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/** The edit that writes this workflow's lock entry (creating the lock file when needed). */
export function lockEdit(folder: FolderProject, w: WorkflowInfo, overlay: Overlay, caps: EditCapabilities): WorkspaceEdit | undefined {
  const state = folder.lock();
  const uri = pathToUri(state.path);
  const newText = updatedLockText(folder, w);
  if (state.exists) {
    let current = overlay(state.path);
    if (current === undefined) {
      try {
        current = fs.readFileSync(state.path, 'utf8');
      } catch {
        current = '';
      }
    }
    const index = new LineIndex(current);
    return { changes: { [uri]: [{ range: offsetsToLspRange(index, 0, current.length), newText }] } };
  }
  if (!caps.createFiles) return undefined;
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText } satisfies TextEdit] },
    ],
  };
}

export async function codeActions(
  folder: FolderProject, file: string, text: string, range: LspRange, overlay: Overlay, caps: EditCapabilities, only?: readonly string[],
): Promise<CodeAction[]> {
  const analysis = folder.analyzeFile(file);
  const uri = pathToUri(file);
  const index = new LineIndex(text);
  const fixer = new FileFixer({ file, text, workflows: analysis.workflows });
  const rules = folder.settings.rules;
  const out: CodeAction[] = [];
  /** The file's findings that are reported (not turned off), with their LSP diagnostic. */
  const reported = analysis.findings.flatMap((f) => {
    const diagnostic = f.file === file ? toLspDiagnostic(f, file, rules) : undefined;
    return diagnostic ? [{ finding: f, diagnostic }] : [];
  });
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const { finding, diagnostic } of reported) {
      if (!overlaps(finding.range, range)) continue;
      const fix = fixer.fixFor(finding);
      if (fix) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(uri, index, fix.edits), ...(fix.preferred ? { isPreferred: true } : {}) });
    }
  }
  // Always when the source action is asked for; in the light bulb menu (no kind asked) next to a quick fix when it
  // fixes more than that one problem, as ESLint does.
  if (only ? wants(only, FIX_ALL_KIND) : out.length > 0) {
    const all = fixAllAction(fixer, reported, uri, index);
    if (all && (only || (all.diagnostics?.length ?? 0) > 1)) out.push(all);
  }
  if (!wants(only, CodeActionKind.QuickFix)) return out;
  out.push(...await lockActions(folder, file, range, overlay, caps, analysis.workflows));
  return out;
}

/** Every fix of the file that does not overlap another, in one action (what a second request applies after it). */
function fixAllAction(fixer: FileFixer, reported: Array<{ finding: Finding; diagnostic: LspDiagnostic }>, uri: string, index: LineIndex): CodeAction | undefined {
  const fixes = reported.flatMap(({ finding, diagnostic }) => {
    const fix = fixer.fixFor(finding);
    return fix ? [{ ...fix, diagnostic }] : [];
  });
  const { applied, edits } = selectFixes(fixes);
  if (applied.length === 0) return undefined;
  return {
    title: `Fix all awaitly problems in file (${applied.length})`,
    kind: FIX_ALL_KIND,
    diagnostics: applied.map((f) => f.diagnostic),
    edit: workspaceEdit(uri, index, edits),
  };
}

/** "Update the lock for this workflow": on a definition-changed / not-locked diagnostic, or anywhere on the workflow's name. */
async function lockActions(
  folder: FolderProject, file: string, range: LspRange, overlay: Overlay, caps: EditCapabilities, workflows: readonly WorkflowInfo[],
): Promise<CodeAction[]> {
  const rules = folder.settings.rules;
  const out: CodeAction[] = [];
  // Only when the range is on a workflow (its name, where the lock diagnostic sits, or its definition) is the
  // definition hash (the typed analysis) computed: code actions are asked for on every cursor move.
  const touched = workflows.some((w) => w.file === file
    && (overlaps(workflowAnchor(w, file), range) || overlaps(w.definition.file === file ? w.definition.range : w.range, range)));
  const lockDiagnostics = touched ? await lockFindings(folder, file) : [];
  for (const w of touched ? (await folder.typedFile(file)).workflows : []) {
    if (w.file !== file) continue;
    const d = lockDiagnostics.find((x) => x.workflow === w.id);
    const onWorkflow = (d && overlaps(d.range, range)) || overlaps(w.definition.file === file ? w.definition.range : w.range, range);
    if (!onWorkflow) continue;
    const status = lockStatus(folder, w);
    if (status.status === 'unchanged' || status.status === 'unreadable') continue;
    const e = lockEdit(folder, w, overlay, caps);
    const lspDiag = d ? toLspDiagnostic(d, file, rules) : undefined;
    const title = `Update ${folder.settings.lockFile} for workflow '${w.label}'`;
    if (e) out.push({ title, kind: CodeActionKind.QuickFix, ...(lspDiag ? { diagnostics: [lspDiag] } : {}), edit: e });
    else out.push({ title, kind: CodeActionKind.QuickFix, ...(lspDiag ? { diagnostics: [lspDiag] } : {}), command: { title, command: CommandIds.updateLock, arguments: [pathToUri(file), w.id] } });
  }
  return out;
}
