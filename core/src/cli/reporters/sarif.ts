// SARIF 2.1.0 (validated against the OASIS schema in core/test/cli/sarif.test.ts). One run; the
// driver lists every known rule (plus any code the core emits that the table does not know yet),
// each with a helpUri into docs/rules.md. Locations are relative to %SRCROOT% (the working directory).
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Range, Severity } from '../../diagnostic';
import { RULES, ruleHelpUri, ruleInfo, rulesDocUri } from '../rules';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { STDIN_DISPLAY } from '../inputs';
import type { Reporter } from './types';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** `invalid-step-ok` → `InvalidStepOk`, SARIF's readable rule name. */
function ruleName(code: string): string {
  return code.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

/** A reported path as a relative URI reference (each segment percent-encoded). */
export function artifactUri(file: string): string {
  return file
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (file === STDIN_DISPLAY) return { uri: artifactUri(file), description: { text: 'standard input' } };
  return { uri: artifactUri(file), uriBaseId: SRCROOT };
}

export const sarifReporter: Reporter = (report) => {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (code: string, severity: Severity): number => {
    let index = ruleIndex.get(code);
    if (index === undefined) {
      const info = ruleInfo(code);
      const summary = info?.summary ?? `See docs/rules.md#${code}.`;
      index = rules.length;
      ruleIndex.set(code, index);
      rules.push({
        id: code,
        name: ruleName(code),
        shortDescription: { text: summary },
        helpUri: ruleHelpUri(code),
        help: { text: `${summary} Details, with examples: docs/rules.md#${code}` },
        defaultConfiguration: { level: LEVEL[info?.severity ?? severity] },
      });
    }
    return index;
  };
  for (const rule of RULES) addRule(rule.code, rule.severity);

  const results: Sarif.Result[] = [];
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      const result: Sarif.Result = {
        ruleId: d.code,
        ruleIndex: addRule(d.code, d.severity),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.file), region: region(d.range) } }],
      };
      if (d.related?.length) {
        // e.g. the first occurrence of a duplicated key.
        result.relatedLocations = d.related.map((r, id) => ({
          id,
          message: { text: r.message },
          physicalLocation: { artifactLocation: artifactLocation(r.file ?? file.file), region: region(r.range) },
        }));
      }
      if (d.jsonPath !== undefined) result.properties = { jsonPath: d.jsonPath };
      results.push(result);
    }
  }

  const invocation: Sarif.Invocation = { executionSuccessful: report.failures.length === 0 };
  if (report.failures.length > 0) {
    invocation.toolExecutionNotifications = report.failures.map((f) => ({
      level: 'error',
      message: { text: `${f.file}: ${f.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file) } }],
    }));
  }

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: rulesDocUri(),
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(report.cwd) } },
        invocations: [invocation],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line,
    startColumn: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
    charOffset: range.startOffset,
    charLength: Math.max(0, range.endOffset - range.startOffset),
  };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}
