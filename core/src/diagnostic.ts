// The one diagnostic shape every part of the core produces. Plain data: the server converts it to LSP
// types and the CLI to its report formats; neither the core nor its tests know about editors.

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column; columns count UTF-16 code units, as ESLint, tsc and SARIF do. */
export interface Position {
  line: number;
  column: number;
}

/** A range in a text: 1-based positions plus the 0-based offsets they came from. `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
  startOffset: number;
  endOffset: number;
}

export interface RelatedLocation {
  /** File path or URI of the related place; undefined means the same file. */
  file?: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  /** Stable rule code, documented in docs/rules.md. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** JSON Pointer (RFC 6901) of the value concerned, for problems in JSON files. */
  jsonPath?: string;
  related?: RelatedLocation[];
  /** Extra data a quick fix needs (a suggested key, ...). */
  data?: Record<string, unknown>;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
