// A snapshot file as the explorer sees it: core's analysis of its text plus the few fields the rows show.
// Plain data, no editor types: the store, the tree provider, the bench and the unit tests share it.
import { analyzeSnapshotText, scanJson, PathTrie, toPointer } from '../../../core/src/snapshot';
import type { Diagnostic, Range } from '../../../core/src/diagnostic';
import { LineIndex } from '../../../core/src/text';

export type JsonPath = (string | number)[];

export interface SnapshotDoc {
  /** URI string (file:///...) of the file; the key everywhere. */
  uri: string;
  /** File name shown when the snapshot has no workflow name. */
  fileName: string;
  kind: 'snapshot' | 'resume-state';
  text: string;
  /** Parsed value; undefined when the JSON does not parse. */
  value: unknown;
  workflowName?: string;
  status?: string;
  lastUpdated?: string;
  /** Step keys in file order (resume state: each key once, at its last pair, as awaitly keeps it). */
  stepKeys: string[];
  /** JSON path of each step entry: ['steps', key] or ['steps', index]. */
  stepPath: (key: string) => JsonPath;
  diagnostics: readonly Diagnostic[];
  errors: number;
  warnings: number;
}

/** Cheap test before the full analysis: a JSON text that cannot be a snapshot never names these fields. */
export function mayBeSnapshotText(text: string): boolean {
  return /"(steps|formatVersion|ResumeState)"/.test(text);
}

/** Text → SnapshotDoc, or undefined when the text is not a snapshot or resume state (same test as the CLI's walk). */
export function parseSnapshotDoc(uri: string, text: string): SnapshotDoc | undefined {
  if (!mayBeSnapshotText(text)) return undefined;
  const report = analyzeSnapshotText(text);
  if (!report.looksLikeSnapshot) return undefined;
  const kind = report.kind === 'resume-state' ? 'resume-state' : 'snapshot';
  const value = report.value;
  const o = isObject(value) ? value : undefined;
  const execution = o && isObject(o.execution) ? o.execution : undefined;
  const metadata = o && isObject(o.metadata) ? o.metadata : undefined;
  let stepKeys: string[] = [];
  let stepPath: (key: string) => JsonPath = (key) => ['steps', key];
  if (kind === 'resume-state' && o && Array.isArray(o.steps)) {
    const last = new Map<string, number>();
    o.steps.forEach((pair, i) => {
      if (Array.isArray(pair) && typeof pair[0] === 'string') {
        last.delete(pair[0]);
        last.set(pair[0], i);
      }
    });
    stepKeys = [...last.keys()];
    stepPath = (key) => ['steps', last.get(key) ?? -1];
  } else if (o && isObject(o.steps)) {
    stepKeys = Object.keys(o.steps);
  }
  let errors = 0;
  let warnings = 0;
  for (const d of report.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  const workflowName = typeof o?.workflowName === 'string' ? o.workflowName : typeof metadata?.workflowId === 'string' ? metadata.workflowId : undefined;
  return {
    uri,
    fileName: decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)),
    kind,
    text,
    value,
    ...(workflowName !== undefined ? { workflowName } : {}),
    ...(typeof execution?.status === 'string' ? { status: execution.status } : kind === 'resume-state' ? { status: 'resume state' } : {}),
    ...(typeof execution?.lastUpdated === 'string' ? { lastUpdated: execution.lastUpdated } : {}),
    stepKeys,
    stepPath,
    diagnostics: report.diagnostics,
    errors,
    warnings,
  };
}

/** The saved result of a step key (the last pair for a resume state). */
export function entryOf(doc: SnapshotDoc, key: string): unknown {
  const path = doc.stepPath(key);
  return valueAt(doc.value, path);
}

export function valueAt(value: unknown, path: JsonPath): unknown {
  let v = value;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isObject(v) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}

/**
 * Exact range of a JSON path in the text: a member's key (its value with `target: 'value'`), an element's value.
 * One forward scan that only materialises keys on the wanted path, so a click on a row of a 30 MB file stays cheap.
 */
export function locatePath(text: string, path: JsonPath, target: 'key' | 'value' = 'key'): Range | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const trie = new PathTrie();
  for (let len = 0; len <= path.length; len++) trie.add(path.slice(0, len));
  let located;
  try {
    located = scanJson(body, { want: trie }).located;
  } catch {
    return undefined;
  }
  const index = new LineIndex(text);
  for (let len = path.length; len >= 0; len--) {
    const at = located.get(toPointer(path.slice(0, len)));
    if (!at) continue;
    const useKey = at.keyStart >= 0 && (target === 'key' || len < path.length);
    const [start, end] = useKey ? [at.keyStart, at.keyEnd] : [at.valueStart, at.valueEnd];
    return index.range(start + bom, end + bom);
  }
  return undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
