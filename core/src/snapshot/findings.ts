// A problem found in a parsed value, before it has a place in the text. analyze.ts locates it.
import type { Severity } from '../diagnostic';
import type { JsonPath } from './pointer';
import type { Located } from './scan';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  path: JsonPath;
  /** Point at the member's key rather than its value (a bad key, a duplicate). */
  target?: 'key' | 'value';
  /** The path names an object that lacks this field. */
  missingField?: string;
  /** Another place that explains this one (the first occurrence of a duplicate, ...). */
  related?: { path: JsonPath; message: string; target?: 'key' | 'value'; at?: Located }[];
  data?: Record<string, unknown>;
  /** Already located (by the scan itself: duplicates, large entries). */
  at?: Located;
}

/** Options for the checks that go beyond awaitly. */
export interface SnapshotCheckOptions {
  /** Step entries whose JSON text is longer than this many characters are reported as large-value. */
  largeValueBytes?: number;
}

export const DEFAULT_LARGE_VALUE_BYTES = 1_000_000;
