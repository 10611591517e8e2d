// What every reporter receives: the reported files in path order, each with its diagnostics.
import type { Diagnostic } from '../../diagnostic';
import type { SnapshotFileKind } from '../../snapshot/report';

export interface ReportedFile {
  /** Path relative to the working directory with '/' separators, or '<stdin>'. */
  file: string;
  kind: SnapshotFileKind;
  diagnostics: Diagnostic[];
}

/** A file that could not be read or checked; also printed on stderr. */
export interface FileFailure {
  file: string;
  message: string;
}

export interface ValidationReport {
  /** Absolute working directory the paths are relative to. */
  cwd: string;
  files: ReportedFile[];
  failures: FileFailure[];
  maxWarnings?: number;
}

/** Renders a whole report as one string, written at once: never a partial document. */
export type Reporter = (report: ValidationReport) => string;
