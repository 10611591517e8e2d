// What analysing one snapshot file's text produces. Shared by the CLI, the server and the extension.
import type { Diagnostic } from '../diagnostic';

/** What a JSON text turned out to be. */
export type SnapshotFileKind =
  | 'snapshot' // a WorkflowSnapshot (possibly invalid)
  | 'resume-state' // a serialized ResumeState: { kind: "ResumeState", steps: [key, StepResult][] }
  | 'other'; // JSON (or broken text) that is neither

/** awaitly@1.35.0's own verdict on the parsed value: validateSnapshot's errors, verbatim. */
export interface AwaitlyVerdict {
  valid: boolean;
  errors: readonly string[];
}

export interface SnapshotTextReport {
  kind: SnapshotFileKind;
  /**
   * True when the file should be reported in a directory walk: it parsed into something that
   * looks like a snapshot or resume state, or it is broken JSON whose text names snapshot fields.
   */
  looksLikeSnapshot: boolean;
  /** The parsed value, when the text is valid JSON. */
  value?: unknown;
  /** awaitly's verdict (for snapshots: validateSnapshot; for resume states: deserializeResumeState). */
  verdict: AwaitlyVerdict;
  /** Every problem with its code, JSON Pointer and 1-based range, sorted by position. */
  diagnostics: readonly Diagnostic[];
}
