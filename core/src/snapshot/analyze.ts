// analyzeSnapshotText: the text of a snapshot file in, every problem with its JSON Pointer and
// 1-based range out. Never throws. JSON.parse does the parsing (native speed); the scan in scan.ts
// then finds positions only for what needs one, and catches duplicate keys JSON.parse hides.
import type * as Jsonc from 'jsonc-parser';
import type { Diagnostic, Range } from '../diagnostic';
import { LineIndex } from '../text';
import { collectSnapshotProblems } from './awaitly';
import { type Finding, type SnapshotCheckOptions, DEFAULT_LARGE_VALUE_BYTES } from './findings';
import { type JsonPath, toPointer } from './pointer';
import type { AwaitlyVerdict, SnapshotFileKind, SnapshotTextReport } from './report';
import { collectResumeStateProblems, toStringThrows } from './resumeState';
import { analyzeLean } from './lean';
import { locateWanted } from './locate';
import { type Located, PathTrie, colonsIn, countMembers, countMembersInText, membersAndColons, scanJson } from './scan';
import { checkResumeStateBeyondAwaitly, checkSnapshotBeyondAwaitly, checkStepBeyondAwaitly } from './warnings';

export interface AnalyzeOptions extends SnapshotCheckOptions {
  /**
   * false: the caller wants the diagnostics and the verdict only (validate). The report then has no `value`,
   * and a snapshot of at least `leanMinChars` characters is checked one step entry at a time (lean.ts), never
   * parsed whole: same report, about half the memory.
   */
  keepValue?: boolean;
  /** With keepValue false: the text length from which the lean path is tried (LEAN_MIN_CHARS; tests use 0). */
  leanMinChars?: number;
}

/**
 * Below this, parsing whole is faster and its memory small. Measured (lean / whole time, same process):
 * 1.3 at 0.2-0.7 MB, 0.96 at 1.8 MB, 0.89 at 7 MB, 0.5 at 29 MB (where the whole value's garbage
 * collection dominates); peak memory at 29 MB: 2.2x the file size instead of 4.1x.
 */
export const LEAN_MIN_CHARS = 1_000_000;

const BOM = 0xfeff;

// jsonc-parser locates parse errors only, so it is required when JSON.parse fails: its module set-up was ~5 ms of
// every validate start (`require`, not import(): esbuild keeps it lazy in the CJS bundles).
const jsoncParser = (): typeof Jsonc => require('jsonc-parser') as typeof Jsonc;

/** Classify a parsed value: snapshot, resume state or neither. */
export function classifyValue(value: unknown): SnapshotFileKind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'other';
  const o = value as Record<string, unknown>;
  if (o.kind === 'ResumeState') return 'resume-state';
  if ('formatVersion' in o || ('steps' in o && 'execution' in o)) return 'snapshot';
  return 'other';
}

export function analyzeSnapshotText(text: string, options: AnalyzeOptions = {}): SnapshotTextReport {
  return analyzeOrReport(text, options, options.keepValue !== false);
}

/** What `validate` runs: diagnostics and verdict only, no parsed value (keepValue false: lean on big files). */
export function validateSnapshotText(text: string, options: Omit<AnalyzeOptions, 'keepValue'> = {}): SnapshotTextReport {
  // keepValue as an argument, not spread into a copy of the options: validate calls this for each of 10,000 files.
  return analyzeOrReport(text, options, false);
}

function analyzeOrReport(text: string, options: AnalyzeOptions, keepValue: boolean): SnapshotTextReport {
  try {
    const lean = !keepValue && text.length >= (options.leanMinChars ?? LEAN_MIN_CHARS) ? analyzeLean(text, options) : undefined;
    return lean ?? analyze(text, options, keepValue);
  } catch (e) {
    // A bug here must not take a server or a whole CLI run down with it; say what happened instead.
    const index = new LineIndex(text);
    const message = `awaitly-lens failed to analyse this file: ${e instanceof Error ? e.message : String(e)}`;
    return {
      kind: 'other',
      looksLikeSnapshot: true,
      verdict: { valid: false, errors: [message] },
      diagnostics: [{ code: 'internal-error', severity: 'error', message, range: index.range(0, Math.min(1, text.length)), jsonPath: '' }],
    };
  }
}

/**
 * A clean file's diagnostics and verdict, shared (and frozen: every consumer copies before it adds). checkFile.ts's
 * clean outcomes hold the same array.
 */
export const NO_DIAGNOSTICS: readonly Diagnostic[] = Object.freeze([]);
const VALID: AwaitlyVerdict = Object.freeze({ valid: true, errors: Object.freeze([]) });

function analyze(text: string, options: AnalyzeOptions, keepValue: boolean): SnapshotTextReport {
  const hasBom = text.charCodeAt(0) === BOM;
  const body = hasBom ? text.slice(1) : text;
  let value: unknown;
  let parseError: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    parseError = e;
  }
  if (parseError !== undefined) return reportParseFailure(text, hasBom, parseError);

  const kind = classifyValue(value);
  if (kind === 'other') {
    // Not ours (a directory walk meets package.json, lock files, ...): say so, without scanning it.
    const message = 'This JSON is neither an awaitly WorkflowSnapshot (formatVersion, steps, execution) nor a serialized ResumeState';
    const index = new LineIndex(text);
    const diagnostics: Diagnostic[] = [{ code: 'not-a-snapshot', severity: 'error', message, range: index.range(0, Math.min(text.length, 1)), jsonPath: '' }];
    if (hasBom) diagnostics.unshift(bomDiagnostic(index));
    return reportOf(kind, false, keepValue, value, checkSnapshot(value, [], undefined), diagnostics);
  }
  const largeLimit = options.largeValueBytes ?? DEFAULT_LARGE_VALUE_BYTES;
  // Most files have nothing to locate: then a cheap count (no key JSON.parse dropped) is all the text pass
  // does, unless the file is big enough to hold a large entry, and nothing else is built. A file too small for
  // one with findings has them located by a descent to their paths (locate.ts).
  const fullScan = body.length > largeLimit;
  const findings: Finding[] = [];
  // Past the limit, scanJson counts the text's members; below it, the walk counts ':' too (keysDropped).
  const steps = new StepWalk(findings, !fullScan);
  let verdict: AwaitlyVerdict;
  if (kind === 'resume-state') {
    verdict = checkResumeState(value as Record<string, unknown>, findings, options);
  } else {
    verdict = checkSnapshot(value, findings, steps.onStep);
    checkSnapshotBeyondAwaitly(value as Record<string, unknown>, { stepsChecked: steps.visited, lastStepKey: steps.lastKey }, findings);
  }

  const parsedCount = steps.membersOf(value);
  const dropped = fullScan ? undefined : keysDropped(body, value, parsedCount);
  if (!hasBom && dropped === false && findings.length === 0) {
    return reportOf(kind, true, keepValue, value, verdict, NO_DIAGNOSTICS);
  }
  const scan = fullScan
    ? scanJson(body, { want: wantedPaths(findings), largeEntryChars: largeLimit })
    : {
      memberCount: undefined,
      located: findings.length > 0 ? locateWanted(body, wantedPaths(findings), dropped === false) : new Map<string, Located>(),
      largeEntries: [] as Located[],
    };
  if (dropped ?? (scan.memberCount !== parsedCount)) findings.push(...findDuplicates(body));
  for (const entry of scan.largeEntries) findings.push(largeValueFinding(entry, largeLimit));
  if (hasBom) verdict = { valid: false, errors: ['Unexpected token \uFEFF: the file starts with a byte order mark', ...verdict.errors] };
  return reportOf(kind, true, keepValue, value, verdict, toDiagnostics(text, hasBom, findings, scan.located));
}

/** `value` only when the caller keeps it (validate does not: a copy without it was two objects per file). */
function reportOf(kind: SnapshotFileKind, looksLikeSnapshot: boolean, keepValue: boolean, value: unknown, verdict: AwaitlyVerdict, diagnostics: readonly Diagnostic[]): SnapshotTextReport {
  return keepValue ? { kind, looksLikeSnapshot, value, verdict, diagnostics } : { kind, looksLikeSnapshot, verdict, diagnostics };
}

/**
 * Whether JSON.parse dropped a member of the text (a key repeated in one object: it keeps the last), counted
 * instead of scanned. Outside strings, JSON has a ':' after each member's key and nowhere else; inside a string
 * without a \u escape, each ':' of the parsed string is one ':' of the text. So the text's ':' count equals
 * `counted`, the value's members plus the ':' in its keys and strings, exactly when nothing was dropped; each
 * dropped member makes the text's count larger. A \u escape can be a ':' (\u003a) that the text does not show:
 * then the members are counted on both sides (several times slower, as it was for every file before).
 */
function keysDropped(body: string, value: unknown, counted: number): boolean {
  if (body.indexOf('\\u') === -1) return colonsIn(body) !== counted;
  return countMembersInText(body) !== countMembers(value);
}

/** The paths whose places the findings need (and their ancestors, the fallbacks). */
export function wantedPaths(findings: readonly Finding[]): PathTrie {
  const trie = new PathTrie();
  for (const f of findings) {
    trie.addWithAncestors(f.path);
    for (const r of f.related ?? []) trie.addWithAncestors(r.path);
  }
  return trie;
}

/** A step entry of `steps` whose text is over the limit. */
export function largeValueFinding(entry: Located, limit: number): Finding {
  return {
    code: 'large-value',
    severity: 'warning',
    message: `step ${JSON.stringify(String(entry.path[1]))} takes ${formatChars(entry.valueEnd - entry.valueStart)} of JSON (over ${formatChars(limit)}); every resume loads it and every checkpoint rewrites it`,
    path: entry.path,
    target: 'key',
    at: entry,
    data: { limit },
  };
}

/** Findings to diagnostics, placed by what was located (by JSON Pointer) and sorted by position. */
export function toDiagnostics(text: string, hasBom: boolean, findings: readonly Finding[], located: ReadonlyMap<string, Located>): Diagnostic[] {
  const offset = hasBom ? 1 : 0;
  // Fall back to the nearest located ancestor (a missing field is shown at the object that lacks it). `pointer`:
  // the path's own, which the caller has (5,000 located findings: one toPointer each instead of two).
  const locate = (path: JsonPath, target: 'key' | 'value' | undefined, missing: boolean, pointer = toPointer(path)): Range => {
    const exact = located.get(pointer);
    if (exact) return rangeOf(exact, target, missing, offset);
    for (let len = path.length - 1; len >= 0; len--) {
      const found = located.get(toPointer(path.slice(0, len)));
      if (found) return rangeOf(found, 'key', true, offset);
    }
    return fallbackRange(offset);
  };

  const diagnostics: Diagnostic[] = [];
  if (hasBom) diagnostics.push(bomDiagnostic(new LineIndex(text)));
  for (const f of findings) {
    const jsonPath = toPointer(f.path);
    const d: Diagnostic = {
      code: f.code,
      severity: f.severity,
      message: f.message,
      range: f.at ? rangeOf(f.at, f.target, false, offset) : locate(f.path, f.target, f.missingField !== undefined, jsonPath),
      jsonPath,
    };
    if (f.related?.length) {
      d.related = f.related.map((r) => ({ range: r.at ? rangeOf(r.at, r.target, false, offset) : locate(r.path, r.target, false), message: r.message }));
    }
    if (f.data) d.data = f.data;
    diagnostics.push(d);
  }
  sortDiagnostics(diagnostics);
  return diagnostics;
}

/** Range of a located member: its key, its value, or (for a missing field) the value's first character. */
function rangeOf(at: Located, target: 'key' | 'value' | undefined, missing: boolean, bom: number): Range {
  const col = (line: number, column: number): number => (line === 1 ? column + bom : column);
  if (at.keyStart >= 0 && (target === 'key' || missing)) {
    return {
      start: { line: at.keyLine, column: col(at.keyLine, at.keyColumn) },
      end: { line: at.keyLine, column: col(at.keyLine, at.keyColumn + at.keyEnd - at.keyStart) },
      startOffset: at.keyStart + bom,
      endOffset: at.keyEnd + bom,
    };
  }
  if (missing) {
    return {
      start: { line: at.valueLine, column: col(at.valueLine, at.valueColumn) },
      end: { line: at.valueLine, column: col(at.valueLine, at.valueColumn + 1) },
      startOffset: at.valueStart + bom,
      endOffset: at.valueStart + bom + 1,
    };
  }
  return {
    start: { line: at.valueLine, column: col(at.valueLine, at.valueColumn) },
    end: { line: at.endLine, column: col(at.endLine, at.endColumn) },
    startOffset: at.valueStart + bom,
    endOffset: at.valueEnd + bom,
  };
}

function fallbackRange(bom: number): Range {
  return { start: { line: 1, column: 1 + bom }, end: { line: 1, column: 2 + bom }, startOffset: bom, endOffset: bom + 1 };
}

function formatChars(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : n >= 1000 ? `${(n / 1000).toFixed(0)} kB` : `${n} bytes`;
}

/**
 * One walk over a snapshot's steps serves three purposes: awaitly's checks (collectSnapshotProblems
 * calls onStep from its own loop), the per-step warnings, and the count that reveals keys JSON.parse
 * dropped. On a 100k-step file each extra walk of the steps object costs ~10 ms.
 */
export class StepWalk {
  visited = false;
  lastKey: string | undefined;
  private entryCount = 0;
  private entries = 0;

  /** `colons`: count the ':' in keys and strings too (membersAndColons, for keysDropped). */
  constructor(private readonly findings: Finding[], private readonly colons = false) {}

  readonly onStep = (key: string, entry: unknown): void => {
    this.visited = true;
    this.lastKey = key;
    this.entries++;
    this.entryCount += this.colons ? colonsIn(key) + membersAndColons(entry) : countMembers(entry);
    checkStepBeyondAwaitly(key, entry, this.findings);
  };

  /** Object members in the parsed value (and with `colons`, the ':' in its keys and strings), reusing the steps' count. */
  membersOf(value: unknown): number {
    const count = this.colons ? membersAndColons : countMembers;
    if (!this.visited || typeof value !== 'object' || value === null || Array.isArray(value)) return count(value);
    let total = 0;
    for (const key in value) {
      total += this.colons ? 1 + colonsIn(key) : 1;
      const v = (value as Record<string, unknown>)[key];
      // An array's indices are not members (and hold no ':').
      if (key === 'steps') total += (Array.isArray(v) ? 0 : this.entries) + this.entryCount;
      else total += count(v);
    }
    return total;
  }
}

export function checkSnapshot(
  value: unknown,
  findings: Finding[],
  onStep?: (key: string, entry: unknown) => void,
  eachStep?: (visit: (key: string, entry: unknown) => void) => void,
): AwaitlyVerdict {
  let problems;
  try {
    problems = collectSnapshotProblems(value, true, onStep, eachStep);
  } catch (e) {
    // awaitly's validateSnapshot throws too when `${formatVersion}` cannot be converted (an object
    // with its own toString key). Anything else is our bug: let it become an internal-error.
    const fv = (value as { formatVersion?: unknown }).formatVersion;
    if (fv === 1 || !toStringThrows(fv)) throw e;
    const message = `awaitly's validateSnapshot throws ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    findings.push({ code: 'invalid-format-version', severity: 'error', message: `formatVersion cannot be converted to a string; ${message}`, path: ['formatVersion'] });
    return { valid: false, errors: [message] };
  }
  if (problems.length === 0) return VALID;
  for (const p of problems) {
    findings.push({ code: p.code, severity: 'error', message: p.message, path: p.path, ...(p.missingField !== undefined ? { missingField: p.missingField } : {}) });
  }
  return { valid: false, errors: problems.map((p) => p.message) };
}

function checkResumeState(value: Record<string, unknown>, findings: Finding[], options: AnalyzeOptions): AwaitlyVerdict {
  if (!Array.isArray(value.steps)) {
    const message = 'ResumeState steps must be an array of [key, result] pairs (isSerializedResumeState rejects it)';
    findings.push({ code: 'invalid-steps', severity: 'error', message, path: 'steps' in value ? ['steps'] : [], ...('steps' in value ? {} : { missingField: 'steps' }) });
    return { valid: false, errors: [message] };
  }
  const state = value as { kind: 'ResumeState'; steps: [string, never][] };
  const problems = collectResumeStateProblems(state);
  for (const p of problems) {
    findings.push({ code: p.code, severity: 'error', message: p.message, path: p.path, ...(p.missingField !== undefined ? { missingField: p.missingField } : {}) });
  }
  findings.push(...checkResumeStateBeyondAwaitly(state));
  return { valid: problems.length === 0, errors: problems.map((p) => p.message) };
}

function findDuplicates(body: string): Finding[] {
  const { duplicates } = scanJson(body, { collectDuplicates: true });
  return duplicates.map((d) => {
    const inSteps = d.objectPath.length === 1 && d.objectPath[0] === 'steps';
    const what = inSteps ? `step key "${d.key}"` : `key "${d.key}"${d.objectPath.length ? ` in ${toPointer(d.objectPath)}` : ''}`;
    return {
      code: 'duplicate-key',
      severity: 'warning' as const,
      message: `${what} appears more than once: JSON.parse keeps only the last value${inSteps ? ', so the earlier step result is silently lost' : ''}`,
      path: [...d.objectPath, d.key],
      target: 'key' as const,
      at: d.repeat,
      related: [{ path: [...d.objectPath, d.key], message: `earlier "${d.key}", overwritten`, target: 'key' as const, at: d.first }],
    };
  });
}

function bomDiagnostic(index: LineIndex): Diagnostic {
  return {
    code: 'invalid-json',
    severity: 'error',
    message: 'The file starts with a byte order mark (U+FEFF); JSON.parse rejects it, so awaitly cannot load this snapshot',
    range: index.range(0, 1),
    jsonPath: '',
  };
}

function reportParseFailure(text: string, hasBom: boolean, error: unknown): SnapshotTextReport {
  const index = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  if (hasBom) diagnostics.push(bomDiagnostic(index));
  const offset = hasBom ? 1 : 0;
  const body = text.slice(offset);
  const jsonc = jsoncParser();
  const errors: Jsonc.ParseError[] = [];
  try {
    jsonc.parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (e) {
    // jsonc-parser recurses per nesting level; "[[[[..." thousands deep overflows it. JSON.parse's
    // own message (below) still gives the position.
    if (!(e instanceof RangeError)) throw e;
    errors.length = 0;
  }
  const seenOffsets = new Set<number>();
  for (const e of errors.slice(0, 50)) {
    // jsonc-parser can report one spot twice (property name expected + value expected).
    if (seenOffsets.has(e.offset)) continue;
    seenOffsets.add(e.offset);
    const start = Math.min(e.offset + offset, text.length);
    let location: Jsonc.Location | undefined;
    try {
      location = jsonc.getLocation(body, e.offset);
    } catch {
      location = undefined; // deep nesting again: report without a pointer rather than not at all
    }
    let what = describeParseError(e.error, body, e.offset);
    if (!/truncated/.test(what) && body.slice(e.offset + e.length).trim() === '') what += ' at the end of the file (truncated?)';
    diagnostics.push({
      code: 'invalid-json',
      severity: 'error',
      message: `Invalid JSON: ${what}`,
      range: index.range(start, Math.min(text.length, start + Math.max(1, e.length))),
      jsonPath: location ? toPointer(trimEmptyTail(location.path)) : '',
    });
  }
  if (errors.length === 0) {
    // jsonc-parser is more lenient than JSON.parse in a few corners (raw control characters).
    const message = error instanceof Error ? error.message : String(error);
    const m = /position (\d+)/.exec(message);
    const at = /end of JSON input/.test(message) ? text.length : Math.min(text.length, (m ? Number(m[1]) : 0) + offset);
    diagnostics.push({ code: 'invalid-json', severity: 'error', message: `Invalid JSON: ${message}`, range: index.range(at, Math.min(text.length, at + 1)), jsonPath: '' });
  }
  sortDiagnostics(diagnostics);
  const looksLike = /"(formatVersion|ResumeState)"/.test(text) || (text.includes('"steps"') && text.includes('"execution"'));
  return {
    kind: /"ResumeState"/.test(text) ? 'resume-state' : looksLike ? 'snapshot' : 'other',
    looksLikeSnapshot: looksLike,
    verdict: { valid: false, errors: diagnostics.map((d) => d.message) },
    diagnostics,
  };
}

function trimEmptyTail(path: Jsonc.JSONPath): Jsonc.JSONPath {
  let end = path.length;
  while (end > 0 && path[end - 1] === '') end--;
  return path.slice(0, end);
}

function describeParseError(code: Jsonc.ParseErrorCode, body: string, offset: number): string {
  const { ParseErrorCode } = jsoncParser();
  switch (code) {
    case ParseErrorCode.InvalidCommentToken:
      return 'comments are not allowed in JSON';
    case ParseErrorCode.PropertyNameExpected:
    case ParseErrorCode.ValueExpected:
      if (/^[\s]*[}\]]/.test(body.slice(offset))) return 'trailing comma before the closing bracket';
      return offset >= body.trimEnd().length ? 'unexpected end of file (truncated?)' : code === ParseErrorCode.ValueExpected ? 'value expected' : 'property name expected';
    case ParseErrorCode.CloseBraceExpected:
      return offset >= body.length ? 'unexpected end of file: "}" expected (truncated?)' : '"}" or "," expected';
    case ParseErrorCode.CloseBracketExpected:
      return offset >= body.length ? 'unexpected end of file: "]" expected (truncated?)' : '"]" or "," expected';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'unterminated string (truncated?)';
    case ParseErrorCode.UnexpectedEndOfComment:
      return 'unterminated comment';
    case ParseErrorCode.EndOfFileExpected:
      return 'unexpected content after the JSON value';
    case ParseErrorCode.InvalidSymbol:
      return `unexpected ${JSON.stringify(body.slice(offset, offset + 12))}`;
    case ParseErrorCode.ColonExpected:
      return '":" expected after the property name';
    case ParseErrorCode.CommaExpected:
      return '"," expected';
    case ParseErrorCode.InvalidCharacter:
      return 'invalid character in string (control characters must be escaped)';
    case ParseErrorCode.InvalidEscapeCharacter:
      return 'invalid escape sequence in string';
    case ParseErrorCode.InvalidUnicode:
      return 'invalid \\u escape in string';
    case ParseErrorCode.InvalidNumberFormat:
      return 'invalid number';
    default:
      return jsoncParser().printParseErrorCode(code);
  }
}

function sortDiagnostics(diagnostics: Diagnostic[]): void {
  diagnostics.sort((a, b) => a.range.startOffset - b.range.startOffset || a.range.endOffset - b.range.endOffset || a.code.localeCompare(b.code));
}
