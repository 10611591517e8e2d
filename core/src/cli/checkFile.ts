// Checks one file: read, analyse with the snapshot core, decide whether it is reported. Used both
// in-process and by validateWorker.ts, so the two modes give identical results. Never throws.
import * as fs from 'node:fs';
import type { Diagnostic } from '../diagnostic';
import { validateSnapshotText } from '../snapshot/index';
import type { SnapshotFileKind, SnapshotTextReport } from '../snapshot/report';
import { LineIndex } from '../text';
import { describeFsError, type InputFile } from './inputs';

export type FileOutcome =
  /** Analysed and to be reported (possibly with no diagnostics). */
  | { status: 'checked'; display: string; kind: SnapshotFileKind; diagnostics: Diagnostic[] }
  /** Found by a directory walk and not a snapshot: not reported. */
  | { status: 'skipped'; display: string }
  /** Could not be read or analysed: goes to stderr and makes the exit code 2. */
  | { status: 'failed'; display: string; message: string };

export type Analyze = (text: string) => SnapshotTextReport;

// validate reads only the diagnostics and the kind: validateSnapshotText never builds a big file's whole value.
export function checkFile(file: InputFile, analyze: Analyze = validateSnapshotText): FileOutcome {
  let text: string;
  try {
    text = fs.readFileSync(file.path, 'utf8');
  } catch (error) {
    return { status: 'failed', display: file.display, message: `cannot read: ${describeFsError(error)}` };
  }
  return checkText(text, file, analyze);
}

export function checkText(text: string, file: InputFile, analyze: Analyze = validateSnapshotText): FileOutcome {
  let report: SnapshotTextReport;
  try {
    report = analyze(text);
  } catch (error) {
    // The analysis promises never to throw; if it does, the file is named and the run goes on.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', display: file.display, message: `internal error while checking: ${message}` };
  }
  if (!file.explicit && !report.looksLikeSnapshot) return { status: 'skipped', display: file.display };

  // Copy only what is reported: `report.value` can be megabytes and must not cross a worker boundary.
  let diagnostics = report.diagnostics;
  if (file.explicit && report.kind === 'other' && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics = [notASnapshot(text), ...diagnostics];
  }
  return { status: 'checked', display: file.display, kind: report.kind, diagnostics };
}

/** For a file named explicitly that parsed but is neither a snapshot nor a resume state. */
function notASnapshot(text: string): Diagnostic {
  const index = new LineIndex(text);
  let start = 0;
  while (start < text.length && isJsonSpace(text.charCodeAt(start))) start++;
  let end = text.length;
  while (end > start && isJsonSpace(text.charCodeAt(end - 1))) end--;
  return {
    code: 'not-a-snapshot',
    severity: 'error',
    message:
      'This JSON is neither an awaitly workflow snapshot ({ formatVersion, steps, execution }) nor a serialized resume state ({ kind: "ResumeState", steps })',
    range: index.range(start, end),
    jsonPath: '',
  };
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
