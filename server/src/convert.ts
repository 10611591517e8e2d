// The only place that converts between core values and LSP values: URIs ↔ paths, 1-based core ranges ↔ 0-based
// LSP ranges, core Diagnostics/Findings ↔ LSP Diagnostics (with the per-rule severity setting applied).
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import {
  DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation, type Location,
  type Position as LspPosition, type Range as LspRange,
} from 'vscode-languageserver/node';
import type { Diagnostic, Range, Severity } from '../../core/src/diagnostic';
import { documentedRuleUri } from '../../core/src/cli/rules';
import type { RuleSetting } from './protocol/settings';
import { STORE_SCHEME } from './protocol/requests';
import { parseStoreRowPath } from './storeUri';

export const SOURCE = 'awaitly-lens';

/** file:// URI → absolute path; a store row's URI → the path naming it (storeUri.ts); undefined for other schemes such as untitled:. */
export function uriToPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri === '') return undefined;
  const parsed = URI.parse(uri);
  if (parsed.scheme === STORE_SCHEME) return parseStoreRowPath(parsed.path) ? path.resolve(parsed.fsPath) : undefined;
  if (parsed.scheme !== 'file') return undefined;
  return path.resolve(parsed.fsPath);
}

export function pathToUri(file: string): string {
  if (parseStoreRowPath(file)) return URI.from({ scheme: STORE_SCHEME, path: URI.file(file).path }).toString();
  return URI.file(file).toString();
}

export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
}

export function toLocation(file: string, range: Range): Location {
  return { uri: pathToUri(file), range: toLspRange(range) };
}

export function contains(range: Range, pos: LspPosition): boolean {
  const line = pos.line + 1;
  const column = pos.character + 1;
  if (line < range.start.line || line > range.end.line) return false;
  if (line === range.start.line && column < range.start.column) return false;
  if (line === range.end.line && column > range.end.column) return false;
  return true;
}

export function overlaps(range: Range, lsp: LspRange): boolean {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);
  const r = toLspRange(range);
  return !before(r.end, lsp.start) && !before(lsp.end, r.start);
}

function lspSeverity(severity: Severity): DiagnosticSeverity {
  return severity === 'error' ? DiagnosticSeverity.Error : severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

/** Data attached to every LSP diagnostic we publish, so code actions can tell ours apart. */
export interface DiagnosticData {
  source: 'awaitly-lens';
  data?: Record<string, unknown>;
  workflow?: string;
}

/** A core diagnostic → LSP, or undefined when the rules setting turns its code off. */
export function toLspDiagnostic(
  d: Diagnostic & { workflow?: string },
  fileOfDiagnostic: string,
  rules: Record<string, RuleSetting>,
): LspDiagnostic | undefined {
  const setting = rules[d.code];
  if (setting === 'off') return undefined;
  const out: LspDiagnostic = {
    range: toLspRange(d.range),
    severity: lspSeverity(setting ?? d.severity),
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  // The rule's section of docs/rules.md, as ESLint links its rule codes.
  const href = documentedRuleUri(d.code);
  if (href) out.codeDescription = { href };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r): DiagnosticRelatedInformation => ({
      location: toLocation(r.file ? (path.isAbsolute(r.file) ? r.file : path.resolve(path.dirname(fileOfDiagnostic), r.file)) : fileOfDiagnostic, r.range),
      message: r.message,
    }));
  }
  if (d.code === 'unknown-snapshot-step') out.tags = [DiagnosticTag.Unnecessary];
  const data: DiagnosticData = { source: SOURCE, ...(d.data ? { data: d.data } : {}), ...(d.workflow ? { workflow: d.workflow } : {}) };
  out.data = data;
  return out;
}


/** 0-based offsets in a text → LSP range (through core's LineIndex, so columns count UTF-16 units like everything else). */
export function offsetsToLspRange(index: { positionAt(offset: number): { line: number; column: number } }, start: number, end: number): LspRange {
  const a = index.positionAt(start);
  const b = index.positionAt(end);
  return { start: { line: a.line - 1, character: a.column - 1 }, end: { line: b.line - 1, character: b.column - 1 } };
}

/** LSP position → 0-based offset. */
export function lspPositionToOffset(index: { offsetAt(p: { line: number; column: number }): number }, pos: LspPosition): number {
  return index.offsetAt({ line: pos.line + 1, column: pos.character + 1 });
}
