// { "version": 1, "diagnostics": [...] }: flat, 1-based, one object per diagnostic, in report order.
import type { Diagnostic } from '../../diagnostic';
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

/** The fields every json report shares, in their order; callers add jsonPath (and check, related). */
export function diagnosticRow(file: string, d: Diagnostic): Omit<JsonDiagnostic, 'jsonPath'> {
  return {
    file,
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
  };
}

export interface JsonReport {
  version: 1;
  diagnostics: JsonDiagnostic[];
}

export const jsonReporter: Reporter = (report) => {
  const out: JsonReport = { version: 1, diagnostics: [] };
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      out.diagnostics.push({ ...diagnosticRow(file.file, d), jsonPath: d.jsonPath ?? null });
    }
  }
  return JSON.stringify(out, null, 2) + '\n';
};
