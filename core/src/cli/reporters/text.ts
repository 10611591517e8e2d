// `path:line:col  severity  message  code`, one line per diagnostic (like ESLint's unix/tsc output),
// then a summary line. Line breaks inside messages are flattened so each diagnostic stays one line.
import type { Reporter } from './types';
import { summaryLine } from './summary';

export const textReporter: Reporter = (report) => {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const message = d.message.replace(/\s*[\r\n]+\s*/g, ' ');
      lines.push(`${file.file}:${d.range.start.line}:${d.range.start.column}  ${d.severity}  ${message}  ${d.code}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
};
