// GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
// Escaping follows the runner's toolkit (@actions/core `command.ts`): in the message %, \r and \n;
// in property values also : and ,.
import type { Severity } from '../../diagnostic';
import type { Reporter } from './types';
import { summaryLine } from './summary';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const githubReporter: Reporter = (report) => {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const properties: [string, string | number][] = [
        ['file', file.file],
        ['line', d.range.start.line],
        ['col', d.range.start.column],
        ['endLine', d.range.end.line],
        ['endColumn', d.range.end.column],
        ['title', `awaitly-lens ${d.code}`],
      ];
      const props = properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      lines.push(`::${COMMAND[d.severity]} ${props}::${escapeData(d.message)}`);
    }
  }
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
};
