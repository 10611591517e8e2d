// Document symbols (workflows → steps) and workspace symbols (a step by id or key).
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import type { StepInfo, WorkflowInfo } from '../../../core/src/analysis';
import type { Range } from '../../../core/src/diagnostic';
import { toLocation, toLspRange } from '../convert';
import type { FolderProject } from '../project';

function within(inner: Range, outer: Range): boolean {
  return inner.startOffset >= outer.startOffset && inner.endOffset <= outer.endOffset;
}

function stepName(s: StepInfo): string {
  if (s.kind === 'bound') return `steps.${s.method}`;
  return s.id?.value ?? s.id?.pattern ?? s.id?.text ?? s.method;
}

function stepDetail(s: StepInfo): string {
  const key = s.key ? s.key.value ?? s.key.pattern ?? s.key.text : 'not cached';
  return `${s.kind === 'step' ? 'step' : s.kind} · key ${key}`;
}

export function documentSymbols(folder: FolderProject, file: string): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const w of folder.analyzeFile(file).workflows) {
    if (w.file !== file) continue;
    // The workflow symbol spans its definition and its run callback when both are in this file.
    const range = w.definition.file === file && w.definition.range.startOffset < w.range.startOffset
      ? { ...w.range, start: w.definition.range.start, startOffset: w.definition.range.startOffset }
      : w.range;
    const selection = w.name && w.name.file === file && within(w.name.range, range) ? w.name.range : { ...range, end: range.start, endOffset: range.startOffset };
    const children: DocumentSymbol[] = w.steps
      .filter((s) => s.file === file && within(s.range, range))
      .map((s) => ({
        name: stepName(s),
        detail: stepDetail(s),
        kind: SymbolKind.Method,
        range: toLspRange(s.range),
        selectionRange: toLspRange(s.id && within(s.id.range, s.range) ? s.id.range : s.calleeRange),
      }));
    out.push({ name: w.label, detail: `${w.entry} workflow`, kind: SymbolKind.Class, range: toLspRange(range), selectionRange: toLspRange(selection), children });
  }
  return out;
}

export function flatDocumentSymbols(folder: FolderProject, file: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const w of folder.analyzeFile(file).workflows) {
    if (w.file !== file) continue;
    out.push({ name: w.label, kind: SymbolKind.Class, location: toLocation(file, w.range) });
    for (const s of w.steps) if (s.file === file) out.push({ name: stepName(s), kind: SymbolKind.Method, location: toLocation(s.file, s.range), containerName: w.label });
  }
  return out;
}

/** Steps whose id or key contains the query (case-insensitive), and workflows whose label does. */
export function workspaceSymbols(folders: FolderProject[], query: string, limit = 500): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  const hit = (s: string | undefined) => s !== undefined && s.toLowerCase().includes(q);
  for (const folder of folders) {
    let workflows: WorkflowInfo[];
    try {
      workflows = folder.workflows();
    } catch {
      continue;
    }
    for (const w of workflows) {
      if (hit(w.label)) out.push({ name: w.label, kind: SymbolKind.Class, location: toLocation(w.file, w.range) });
      for (const s of w.steps) {
        const key = s.key?.value ?? s.key?.pattern;
        if (!hit(stepName(s)) && !hit(key)) continue;
        const name = key && key !== stepName(s) ? `${stepName(s)} (key ${key})` : stepName(s);
        out.push({ name, kind: SymbolKind.Method, location: toLocation(s.file, s.range), containerName: w.label });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}
