// What every reporter receives: the reported files in path order, each with its diagnostics. Not
// specific to snapshots, so any subcommand that produces diagnostics per file can reuse the reporters.
import type { Diagnostic } from '../../diagnostic';

export interface ReportedFile {
  /** Path relative to the working directory with '/' separators, or '<stdin>'. */
  file: string;
  diagnostics: readonly Diagnostic[];
}

/** A file that could not be read or checked; also printed on stderr. */
export interface FileFailure {
  file: string;
  message: string;
}

export interface DiagnosticReport {
  /** Absolute working directory the paths are relative to. */
  cwd: string;
  files: ReportedFile[];
  failures: FileFailure[];
}

/** Renders a whole report as one string, written at once: never a partial document. */
export type Reporter = (report: DiagnosticReport) => string;
