// { "version": 1, "diagnostics": [...] }: flat, 1-based, one object per diagnostic, in report order.
import type { Reporter } from './types';

export interface JsonDiagnostic {
  file: string;
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** JSON Pointer of the value concerned; null when the problem has none (broken JSON). */
  jsonPath: string | null;
}

export interface JsonReport {
  version: 1;
  diagnostics: JsonDiagnostic[];
}

export const jsonReporter: Reporter = (report) => {
  const out: JsonReport = { version: 1, diagnostics: [] };
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      out.diagnostics.push({
        file: file.file,
        code: d.code,
        severity: d.severity,
        message: d.message,
        line: d.range.start.line,
        column: d.range.start.column,
        endLine: d.range.end.line,
        endColumn: d.range.end.column,
        jsonPath: d.jsonPath ?? null,
      });
    }
  }
  return JSON.stringify(out, null, 2) + '\n';
};
