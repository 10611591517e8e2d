// The closing line shared by the human-readable reporters.
import { countBySeverity } from '../../diagnostic';
import type { DiagnosticReport } from './types';

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function summaryLine(report: DiagnosticReport): string {
  const counts = countBySeverity(report.files.flatMap((f) => f.diagnostics));
  const total = counts.error + counts.warning + counts.info;
  const checked = plural(report.files.length, 'file');
  const withProblems = report.files.filter((f) => f.diagnostics.length > 0).length;
  let line =
    total === 0
      ? `No problems (${checked} checked)`
      : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info', 'infos')}) in ${plural(withProblems, 'file')} (${checked} checked)`;
  if (report.failures.length > 0) line += `; ${plural(report.failures.length, 'file')} could not be checked`;
  return line;
}
