// Checks one file: read, analyse with the snapshot core, decide whether it is reported. Used both
// in-process and by validateWorker.ts, so the two modes give identical results. Never throws.
import * as fs from 'node:fs';
import type { Diagnostic } from '../diagnostic';
import { NO_DIAGNOSTICS, validateSnapshotText } from '../snapshot/index';
import type { SnapshotFileKind, SnapshotTextReport } from '../snapshot/report';
import { LineIndex } from '../text';
import { describeFsError, type InputFile } from './inputs';
import { readWalkedFile } from './readWalkedFile';

/**
 * What became of one file. The file itself (its display path) is the caller's: outcomes come back in the files'
 * order. A clean file's outcome is one shared object, so 10,000 clean files keep no objects of their own alive
 * through the run (each one that survives a garbage collection is copied).
 */
export type FileOutcome =
  /** Analysed and to be reported (possibly with no diagnostics). */
  | { readonly status: 'checked'; readonly kind: SnapshotFileKind; readonly diagnostics: readonly Diagnostic[] }
  /** Found by a directory walk and not a snapshot: not reported. */
  | { readonly status: 'skipped' }
  /** Could not be read or analysed: goes to stderr and makes the exit code 2. */
  | { readonly status: 'failed'; readonly message: string };

const SKIPPED: FileOutcome = Object.freeze({ status: 'skipped' });
const CLEAN = new Map<SnapshotFileKind, FileOutcome>();

export type Analyze = (text: string) => SnapshotTextReport;

// validate reads only the diagnostics and the kind: validateSnapshotText never builds a big file's whole value.
export function checkFile(file: InputFile, analyze: Analyze = validateSnapshotText): FileOutcome {
  let text: string;
  try {
    text = file.explicit ? fs.readFileSync(file.path, 'utf8') : readWalkedFile(file.path);
  } catch (error) {
    return cannotRead(error);
  }
  let report = analyzeText(text, analyze);
  if (!file.explicit && 'diagnostics' in report && report.diagnostics.some((d) => d.code === 'invalid-json')) {
    // readWalkedFile took a short read for the end; if the text was cut there, the whole file says otherwise.
    try {
      const whole = fs.readFileSync(file.path, 'utf8');
      if (whole !== text) report = analyzeText((text = whole), analyze);
    } catch (error) {
      return cannotRead(error);
    }
  }
  return 'status' in report ? report : outcomeOf(report, text, file);
}

export function checkText(text: string, file: InputFile, analyze: Analyze = validateSnapshotText): FileOutcome {
  const report = analyzeText(text, analyze);
  return 'status' in report ? report : outcomeOf(report, text, file);
}

function analyzeText(text: string, analyze: Analyze): SnapshotTextReport | FileOutcome {
  try {
    return analyze(text);
  } catch (error) {
    // The analysis promises never to throw; if it does, the file is named and the run goes on.
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', message: `internal error while checking: ${message}` };
  }
}

function outcomeOf(report: SnapshotTextReport, text: string, file: InputFile): FileOutcome {
  if (!file.explicit && !report.looksLikeSnapshot) return SKIPPED;

  // Copy only what is reported: `report.value` can be megabytes and must not cross a worker boundary.
  let diagnostics = report.diagnostics;
  if (file.explicit && report.kind === 'other' && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics = [notASnapshot(text), ...diagnostics];
  }
  if (diagnostics.length > 0) return { status: 'checked', kind: report.kind, diagnostics };
  let clean = CLEAN.get(report.kind);
  if (!clean) CLEAN.set(report.kind, (clean = Object.freeze({ status: 'checked', kind: report.kind, diagnostics: NO_DIAGNOSTICS })));
  return clean;
}

function cannotRead(error: unknown): FileOutcome {
  return { status: 'failed', message: `cannot read: ${describeFsError(error)}` };
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
