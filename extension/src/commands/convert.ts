// core Diagnostic (1-based) → vscode.Diagnostic (0-based); the only place the extension converts.
import * as vscode from 'vscode';
import type { Diagnostic } from '../../../core/src/diagnostic';

export function toVsRange(r: Diagnostic['range']): vscode.Range {
  return new vscode.Range(r.start.line - 1, r.start.column - 1, r.end.line - 1, r.end.column - 1);
}

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const out = new vscode.Diagnostic(toVsRange(d.range), d.message, severity);
  out.code = d.code;
  out.source = 'awaitly-lens';
  return out;
}
