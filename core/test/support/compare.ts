// The comparisons behind the differential test and the fuzzer: our core/src/snapshot against
// awaitly itself, both lines (1.35.0 and 4.5.1: every check runs against each), input by input. Each check returns undefined when both agree, or a
// Disagreement whose `detail` says what differed; `minimize` then shrinks the input while the same
// check still fails, so every report carries a small input that shows the problem.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { inspect, isDeepStrictEqual } from 'node:util';
import * as awP135 from 'awaitly/persistence';
import * as awW135 from 'awaitly/workflow';
import * as aw4 from 'awaitly-4';
import * as aw4Durable from 'awaitly-4/durable';
import * as ours from '../../src/snapshot/index';
import { type MutationCase, type Path, allPaths, cloneJson, deleteAt, getAt, setAt, tracingProxy } from './mutations';

/**
 * One awaitly line as an oracle: its snapshot helpers from two of its bundles (`P` is asked, `W` is the other
 * bundle, whose V8 messages may quote different minified names). 1.35.0 keeps them in awaitly/persistence and
 * awaitly/workflow; 4.5.1 has them in its root entry and again in awaitly/durable.
 */
interface Oracle {
  version: string;
  P: Pick<typeof aw4, 'validateSnapshot' | 'looksLikeWorkflowSnapshot' | 'assertValidSnapshot' | 'mergeSnapshots'>;
  W: Pick<typeof aw4, 'isSerializedResumeState' | 'deserializeResumeState' | 'mergeSnapshots'>;
}
export const ORACLES: readonly Oracle[] = [
  { version: '1.35.0', P: awP135 as unknown as Oracle['P'], W: awW135 as unknown as Oracle['W'] },
  { version: '4.5.1', P: aw4, W: aw4Durable },
];
/** The oracle the checks below ask; againstEach sets it for each line in turn. */
let oracle: Oracle = ORACLES[0]!;

/** A check that must agree with every awaitly line: the first line that disagrees is named in the finding. */
function againstEach<A extends unknown[]>(check: (...args: A) => Finding | undefined): (...args: A) => Finding | undefined {
  return (...args) => {
    try {
      for (const o of ORACLES) {
        oracle = o;
        const f = check(...args);
        if (f) return { ...f, detail: `[awaitly ${o.version}] ${f.detail}`, key: `${o.version}: ${f.key}` };
      }
      return undefined;
    } finally {
      oracle = ORACLES[0]!;
    }
  };
}

export type CheckName =
  | 'validateSnapshot'
  | 'looksLikeWorkflowSnapshot'
  | 'assertValidSnapshot'
  | 'resumeState'
  | 'mergeSnapshots'
  | 'analyzeSnapshotText'
  | 'textMutation'
  | 'operationOrder';

export interface Disagreement {
  check: CheckName;
  /** The case's name (how it was made). */
  name: string;
  detail: string;
  /** Stays the same while the input is shrunk; groups disagreements of one kind. */
  key: string;
  /** True when an input is not JSON data (prototypes, getters, holes, ...): object-level API only. */
  nonJson?: boolean;
  /** True when our code threw (or reported an internal error) where it must not. */
  crash?: boolean;
  /** The smallest input found that still fails this check, printable. */
  minimal?: string;
}

/** What a check found: a readable detail, and a key that stays the same while the input is shrunk. */
export interface Finding {
  detail: string;
  key: string;
  crash?: boolean;
}

/** Digits blanked, for keys. */
const shape = (s: string): string => s.replace(/\d+/g, 'N');

function outcomeKey(o: Outcome): string {
  if (!o.threw) return 'returned';
  const i = errInfo(o.error);
  return `threw ${i.ctor}/${i.name}`;
}

export interface CheckStats {
  /** Error messages that differ only where awaitly's two bundles differ too (minifier variable names). */
  bundleDependentMessages: number;
  /** Error messages of 4.5.1 that differ from ours (modelled on 1.35.0) only in V8's wording of the same failing call. */
  lineDependentMessages: number;
}

export const stats: CheckStats = { bundleDependentMessages: 0, lineDependentMessages: 0 };

type Outcome = { threw: false; value: unknown } | { threw: true; error: unknown };

function run(fn: () => unknown): Outcome {
  try {
    return { threw: false, value: fn() };
  } catch (error) {
    return { threw: true, error };
  }
}

const inst = (c: MutationCase): unknown => (c.make ? c.make() : c.value);

/** Short printable form of any value (never throws). */
export function show(v: unknown, max = 300): string {
  let s: string;
  try {
    s = inspect(v, { depth: 4, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 120 });
  } catch (e) {
    s = `<uninspectable: ${String(e)}>`;
  }
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

function errInfo(e: unknown): { ctor: string; name: string; message: string; errors?: unknown } {
  if (e instanceof Error) {
    const info: { ctor: string; name: string; message: string; errors?: unknown } = { ctor: e.constructor?.name ?? '?', name: e.name, message: e.message };
    if ('errors' in e) info.errors = (e as { errors: unknown }).errors;
    return info;
  }
  return { ctor: typeof e, name: typeof e, message: show(e) };
}

function showOutcome(o: Outcome): string {
  if (!o.threw) return `returned ${show(o.value)}`;
  const i = errInfo(o.error);
  return `threw ${i.ctor}(name ${JSON.stringify(i.name)}): ${JSON.stringify(i.message)}${i.errors !== undefined ? ` errors ${show(i.errors)}` : ''}`;
}

/** Identifiers V8 prints from the source of a failing expression ("(t.warnings || []).filter ..."). */
const normalizeSourceText = (m: string): string => m.replace(/\b[A-Za-z_$][\w$]*(?=\.)/g, '<id>');

/**
 * Do two throws agree? SnapshotFormatError: same name, message and errors. Anything else: same class
 * name and message. A message may differ only where awaitly's own persistence and workflow bundles
 * differ from each other for the same call (V8 quotes minified source text): then it must match
 * with identifiers normalised. `alt` runs awaitly's other bundle.
 */
function throwsAgree(aw: unknown, mine: unknown, alt?: () => Outcome): string | undefined {
  if (aw === mine) return undefined; // the same error object (thrown by a getter in the input)
  const a = errInfo(aw);
  const b = errInfo(mine);
  if (a.name === 'SnapshotFormatError' || b.name === 'SnapshotFormatError') {
    if (a.name !== b.name) return `error name ${JSON.stringify(b.name)}, awaitly ${JSON.stringify(a.name)}`;
    if (a.message !== b.message) return `message ${JSON.stringify(b.message)}, awaitly ${JSON.stringify(a.message)}`;
    if (!isDeepStrictEqual(a.errors, b.errors)) return `errors ${show(b.errors)}, awaitly ${show(a.errors)}`;
    if (!(mine instanceof Error)) return 'our SnapshotFormatError is not an Error';
    return undefined;
  }
  if (a.ctor !== b.ctor || a.name !== b.name) return `threw ${b.ctor}/${b.name}, awaitly ${a.ctor}/${a.name} (messages ${JSON.stringify(b.message)} / ${JSON.stringify(a.message)})`;
  if (a.message === b.message) return undefined;
  if (alt) {
    const other = alt();
    if (other.threw) {
      const o = errInfo(other.error);
      if (o.ctor === a.ctor && o.message !== a.message && normalizeSourceText(o.message) === normalizeSourceText(a.message) && normalizeSourceText(b.message) === normalizeSourceText(a.message)) {
        stats.bundleDependentMessages++;
        return undefined;
      }
    }
  }
  // 1.35.0 spreads `(base.warnings || []).filter(…)` into an array literal, 4.5.1 assigns it first: for the same
  // failing call V8 says "… is not a function" in 4.5.1 and adds "or its return value is not iterable" in 1.35.0.
  const vague = (m: string): string => m.replace(ITERABLE_SUFFIX, '');
  if (oracle !== ORACLES[0] && a.message !== b.message && vague(a.message) === vague(b.message)) {
    stats.lineDependentMessages++;
    return undefined;
  }
  return `message ${JSON.stringify(b.message)}, awaitly ${JSON.stringify(a.message)}`;
}
const ITERABLE_SUFFIX = / or its return value is not iterable$/;

// ---------------------------------------------------------------------------------------------
// Object-level checks

export const checkValidate = againstEach(checkValidateOnce);
function checkValidateOnce(c: MutationCase): Finding | undefined {
  const inA = inst(c);
  const inB = inst(c);
  const a = run(() => oracle.P.validateSnapshot(inA));
  const b = run(() => ours.validateSnapshot(inB));
  if (a.threw || b.threw) {
    if (a.threw !== b.threw) return { detail: `ours ${showOutcome(b)}; awaitly ${showOutcome(a)}`, key: `ours ${outcomeKey(b)}, awaitly ${outcomeKey(a)}` };
    const d = throwsAgree(a.threw && a.error, b.threw && b.error);
    return d === undefined ? undefined : { detail: d, key: `throws differ: ${outcomeKey(b)} vs ${outcomeKey(a)}` };
  }
  const ra = a.value as { valid: boolean; snapshot?: unknown; errors?: string[] };
  const rb = b.value as { valid: boolean; snapshot?: unknown; errors?: string[] };
  if (ra.valid !== rb.valid) return { detail: `valid ${rb.valid}, awaitly ${ra.valid} (ours ${show(rb.errors)}, awaitly ${show(ra.errors)})`, key: `valid ${rb.valid}, awaitly ${ra.valid}` };
  if (ra.valid) {
    if (rb.snapshot !== inB) return { detail: 'valid, but our result.snapshot is not the input object', key: 'snapshot identity' };
  } else if (!isDeepStrictEqual({ valid: rb.valid, errors: rb.errors }, { valid: ra.valid, errors: ra.errors })) {
    return { detail: `errors ${show(rb.errors, 2000)}, awaitly ${show(ra.errors, 2000)}`, key: 'errors differ' };
  }
  if (!isDeepStrictEqual(Object.keys(rb), Object.keys(ra))) return { detail: `result keys ${show(Object.keys(rb))}, awaitly ${show(Object.keys(ra))}`, key: 'result keys' };
  return undefined;
}

export const checkLooksLike = againstEach(checkLooksLikeOnce);
function checkLooksLikeOnce(c: MutationCase): Finding | undefined {
  const a = run(() => oracle.P.looksLikeWorkflowSnapshot(inst(c)));
  const b = run(() => ours.looksLikeWorkflowSnapshot(inst(c)));
  if (a.threw || b.threw) {
    if (a.threw !== b.threw) return { detail: `ours ${showOutcome(b)}; awaitly ${showOutcome(a)}`, key: `ours ${outcomeKey(b)}, awaitly ${outcomeKey(a)}` };
    const d = throwsAgree(a.threw && a.error, b.threw && b.error);
    return d === undefined ? undefined : { detail: d, key: `throws differ: ${outcomeKey(b)} vs ${outcomeKey(a)}` };
  }
  return a.value === b.value ? undefined : { detail: `ours ${String(b.value)}, awaitly ${String(a.value)}`, key: `ours ${String(b.value)}` };
}

export const checkAssert = againstEach(checkAssertOnce);
function checkAssertOnce(c: MutationCase): Finding | undefined {
  const inA = inst(c);
  const inB = inst(c);
  const a = run(() => oracle.P.assertValidSnapshot(inA));
  const b = run(() => ours.assertValidSnapshot(inB));
  if (a.threw !== b.threw) return { detail: `ours ${showOutcome(b)}; awaitly ${showOutcome(a)}`, key: `ours ${outcomeKey(b)}, awaitly ${outcomeKey(a)}` };
  if (a.threw && b.threw) {
    const d = throwsAgree(a.error, b.error);
    return d === undefined ? undefined : { detail: d, key: `throws differ: ${outcomeKey(b)} vs ${outcomeKey(a)}` };
  }
  if (!a.threw && a.value !== inA) return { detail: 'awaitly returned another object (test bug?)', key: 'identity' };
  if (!b.threw && b.value !== inB) return { detail: 'ours returned another object than its input', key: 'identity' };
  return undefined;
}

/** Resume-state verdict: isSerializedResumeState, then collectResumeStateProblems empty iff deserializeResumeState does not throw. */
export const checkResume = againstEach(checkResumeOnce);
function checkResumeOnce(c: MutationCase): Finding | undefined {
  const a = run(() => oracle.W.isSerializedResumeState(inst(c)));
  const b = run(() => ours.isSerializedResumeState(inst(c)));
  if (a.threw || b.threw) {
    if (a.threw !== b.threw) return { detail: `isSerializedResumeState: ours ${showOutcome(b)}; awaitly ${showOutcome(a)}`, key: `is: ours ${outcomeKey(b)}, awaitly ${outcomeKey(a)}` };
    const d = throwsAgree(a.threw && a.error, b.threw && b.error);
    return d ? { detail: `isSerializedResumeState: ${d}`, key: 'is: throws differ' } : undefined;
  }
  if (a.value !== b.value) return { detail: `isSerializedResumeState: ours ${String(b.value)}, awaitly ${String(a.value)}`, key: `is: ours ${String(b.value)}` };
  if (!a.value) return undefined;
  const d = run(() => oracle.W.deserializeResumeState(inst(c) as never));
  const p = run(() => ours.collectResumeStateProblems(inst(c) as never));
  if (p.threw) {
    // The input's own getter threw in both: the same error, like validateSnapshot's getters.
    if (d.threw && throwsAgree(d.error, p.error) === undefined) return undefined;
    return { detail: `collectResumeStateProblems ${showOutcome(p)}; awaitly's deserializeResumeState ${showOutcome(d)}`, key: `ours ${outcomeKey(p)}`, crash: true };
  }
  const problems = p.value as { message: string }[];
  const awValid = !d.threw;
  const ourValid = problems.length === 0;
  if (awValid === ourValid) return undefined;
  return ourValid
    ? { detail: `no problems found, but awaitly's deserializeResumeState ${showOutcome(d)}`, key: `accepted; awaitly ${outcomeKey(d)}` }
    : { detail: `problems ${show(problems.map((x) => x.message))}, but awaitly's deserializeResumeState accepts it`, key: `rejected (${shape(problems[0]!.message)}); awaitly accepts` };
}

/** First structural difference between two results (prototypes, own key order, descriptors, values). */
export function structDiff(x: unknown, y: unknown, path = '$', depth = 0, seen = new Set<unknown>()): string | undefined {
  if (Object.is(x, y)) return undefined;
  if (typeof x !== typeof y) return `${path}: ${typeof x} vs ${typeof y}`;
  if ((typeof x !== 'object' && typeof x !== 'function') || x === null || y === null) return `${path}: ${show(x)} vs ${show(y)}`;
  if (typeof x === 'function') return String(x) === String(y) ? undefined : `${path}: different functions`;
  if (depth > 40 || seen.has(x)) return undefined;
  seen.add(x);
  const px = Object.getPrototypeOf(x);
  const py = Object.getPrototypeOf(y);
  if (px !== py) return `${path}: prototype ${px === null ? 'null' : (px?.constructor?.name ?? '?')} vs ${py === null ? 'null' : (py?.constructor?.name ?? '?')}`;
  const kx = Reflect.ownKeys(x as object).map(String);
  const ky = Reflect.ownKeys(y as object).map(String);
  if (!isDeepStrictEqual(kx, ky)) return `${path}: own keys ${show(kx)} vs ${show(ky)}`;
  for (const k of Reflect.ownKeys(x as object)) {
    const dx = Object.getOwnPropertyDescriptor(x, k)!;
    const dy = Object.getOwnPropertyDescriptor(y, k)!;
    const p = `${path}[${typeof k === 'symbol' ? k.toString() : JSON.stringify(k)}]`;
    if (dx.enumerable !== dy.enumerable || dx.writable !== dy.writable || dx.configurable !== dy.configurable || ('value' in dx) !== ('value' in dy)) {
      return `${p}: descriptors differ`;
    }
    if ('value' in dx) {
      const d = structDiff(dx.value, dy.value, p, depth + 1, seen);
      if (d) return d;
    } else if (String(dx.get) !== String(dy.get) || String(dx.set) !== String(dy.set)) return `${p}: accessors differ`;
  }
  return undefined;
}

export const checkMerge = againstEach(checkMergeOnce);
function checkMergeOnce(base: MutationCase, delta: MutationCase): Finding | undefined {
  const a = run(() => oracle.P.mergeSnapshots(inst(base) as never, inst(delta) as never));
  const b = run(() => ours.mergeSnapshots(inst(base) as never, inst(delta) as never));
  if (a.threw || b.threw) {
    if (a.threw !== b.threw) return { detail: `ours ${showOutcome(b)}; awaitly ${showOutcome(a)}`, key: `ours ${outcomeKey(b)}, awaitly ${outcomeKey(a)}` };
    const d = throwsAgree(a.threw && a.error, b.threw && b.error, () => run(() => oracle.W.mergeSnapshots(inst(base) as never, inst(delta) as never)));
    return d === undefined ? undefined : { detail: d, key: `throws differ: ${shape(normalizeSourceText(errInfo(b.threw && b.error).message))} vs ${shape(normalizeSourceText(errInfo(a.threw && a.error).message))}` };
  }
  const d = structDiff(a.value, b.value);
  if (d) return { detail: `results differ (awaitly vs ours) at ${d}`, key: `results differ: ${shape(d.replace(/^[^:]*: /, ''))}` };
  // JSON and key order, spelled out (structDiff covers them; this keeps the report readable).
  let ja: string | undefined;
  let jb: string | undefined;
  try {
    ja = JSON.stringify(a.value);
    jb = JSON.stringify(b.value);
  } catch {
    // cyclic input: structDiff already compared
  }
  if (ja !== jb) return { detail: `JSON differs: ours ${jb?.slice(0, 300)}, awaitly ${ja?.slice(0, 300)}`, key: 'JSON differs' };
  return undefined;
}

/**
 * Operation order: run awaitly and ours on a tracing proxy of the input and compare every trap. If
 * the traces differ, a proxy that throws at the first differing trap gives a visible disagreement.
 */
export const checkOperationOrder = againstEach(checkOperationOrderOnce);
function checkOperationOrderOnce(c: MutationCase, other?: MutationCase): Finding | undefined {
  if (c.js) return undefined;
  try {
    cloneJson(c.value);
    if (other) cloneJson(other.value);
  } catch {
    return undefined; // too deep to copy: covered by the other checks
  }
  type Api = [string, (aw: boolean, v: unknown, w: unknown) => unknown];
  const apis: Api[] = [
    ['validateSnapshot', (aw, v) => (aw ? oracle.P.validateSnapshot(v) : ours.validateSnapshot(v))],
    ['looksLikeWorkflowSnapshot', (aw, v) => (aw ? oracle.P.looksLikeWorkflowSnapshot(v) : ours.looksLikeWorkflowSnapshot(v))],
    ['assertValidSnapshot', (aw, v) => (aw ? oracle.P.assertValidSnapshot(v) : ours.assertValidSnapshot(v))],
    ['isSerializedResumeState', (aw, v) => (aw ? oracle.W.isSerializedResumeState(v) : ours.isSerializedResumeState(v))],
    ['mergeSnapshots', (aw, v, w) => (aw ? oracle.P.mergeSnapshots(v as never, w as never) : ours.mergeSnapshots(v as never, w as never))],
  ];
  for (const [api, call] of apis) {
    const trace = (aw: boolean, throwAt = -1): { log: string[]; out: Outcome } => {
      const log: string[] = [];
      const v = tracingProxy(cloneJson(c.value), log, throwAt, '$a');
      const w = other ? tracingProxy(cloneJson(other.value), log, throwAt, '$b') : undefined;
      return { log, out: run(() => call(aw, v, w)) };
    };
    const ta = trace(true);
    const tb = trace(false);
    if (isDeepStrictEqual(ta.log, tb.log)) continue;
    let i = 0;
    while (i < ta.log.length && i < tb.log.length && ta.log[i] === tb.log[i]) i++;
    const fa = trace(true, i + 1);
    const fb = trace(false, i + 1);
    return {
      detail: `${api}: operation #${i + 1} is ${JSON.stringify(tb.log[i] ?? '(none)')} in ours, ${JSON.stringify(ta.log[i] ?? '(none)')} in awaitly; with a proxy that throws there, ours ${showOutcome(fb.out)}, awaitly ${showOutcome(fa.out)}`,
      key: `${api}: ${(tb.log[i] ?? '(none)').split(' ')[0]} vs ${(ta.log[i] ?? '(none)').split(' ')[0]}`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Text checks

/**
 * Line/column (1-based, "\n" line ends, UTF-16 columns) of an offset. Deliberately not core's LineIndex:
 * this oracle checks the positions the core computes, so it must not share their code.
 */
class Lines {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  get length(): number {
    return this.text.length;
  }
}

interface RangeLike {
  start: { line: number; column: number };
  end: { line: number; column: number };
  startOffset: number;
  endOffset: number;
}

function rangeProblem(lines: Lines, r: RangeLike): { detail: string; why: string } | undefined {
  const len = lines.length;
  const bad = (why: string, more = ''): { detail: string; why: string } => ({ detail: `range ${JSON.stringify(r)} ${why}${more} (text length ${len})`, why });
  if (!Number.isInteger(r.startOffset) || !Number.isInteger(r.endOffset)) return bad('has non-integer offsets');
  if (r.startOffset < 0 || r.startOffset > r.endOffset) return bad('starts before 0 or after its end');
  if (r.endOffset > len) return bad('ends after the end of the text');
  const s = lines.at(r.startOffset);
  const e = lines.at(r.endOffset);
  if (r.start.line !== s.line || r.start.column !== s.column) return bad('has a start position that does not match its start offset', `: should be ${s.line}:${s.column}`);
  if (r.end.line !== e.line || r.end.column !== e.column) return bad('has an end position that does not match its end offset', `: should be ${e.line}:${e.column}`);
  return undefined;
}

/**
 * analyzeSnapshotText(text) against awaitly on JSON.parse(text), and its lean path (keepValue false, forced at
 * any size) against its whole-parse path. Never throwing is part of the contract.
 */
export const checkTextVerdict = (text: string): Finding | undefined => checkLeanPath(text) ?? textVerdictAgainstAwaitly(text);
const textVerdictAgainstAwaitly = againstEach(checkTextVerdictOnce);

/**
 * The lean path (core/src/snapshot/lean.ts: entry by entry, or its fall-back to the whole parse) must give the
 * same report as the whole parse, minus `value`: kind, verdict and every diagnostic (code, message, range,
 * JSON path, related, data), in order.
 */
export function checkLeanPath(text: string): Finding | undefined {
  const whole = run(() => ours.analyzeSnapshotText(text));
  const lean = run(() => ours.analyzeSnapshotText(text, { keepValue: false, leanMinChars: 0 }));
  if (lean.threw) return { detail: `lean path ${showOutcome(lean)}`, key: `lean path threw ${shape(errInfo(lean.error).message)}`, crash: true };
  if (whole.threw) return undefined; // checkTextVerdictOnce reports it
  const w = { ...(whole.value as ours.SnapshotTextReport) };
  delete w.value;
  const l = lean.value as ours.SnapshotTextReport;
  if (isDeepStrictEqual(l, w)) return undefined;
  if ('value' in l) return { detail: 'the lean report has a value', key: 'lean path keeps the value' };
  for (const field of ['kind', 'looksLikeSnapshot', 'verdict'] as const) {
    if (!isDeepStrictEqual(l[field], w[field])) return { detail: `lean ${field} ${show(l[field], 1500)}, whole parse ${show(w[field], 1500)}`, key: `lean path: ${field} differs` };
  }
  const at = l.diagnostics.findIndex((d, i) => !isDeepStrictEqual(d, w.diagnostics[i]));
  const i = at < 0 ? l.diagnostics.length : at;
  return {
    detail: `diagnostic ${i} of ${l.diagnostics.length} (whole parse: ${w.diagnostics.length}): lean ${show(l.diagnostics[i], 1500)}, whole parse ${show(w.diagnostics[i], 1500)}`,
    key: `lean path: diagnostic ${l.diagnostics[i]?.code ?? w.diagnostics[i]?.code} differs`,
  };
}
function checkTextVerdictOnce(text: string): Finding | undefined {
  const r = run(() => ours.analyzeSnapshotText(text));
  if (r.threw) return { detail: `analyzeSnapshotText ${showOutcome(r)}`, key: `threw ${shape(errInfo(r.error).message)}`, crash: true };
  const rep = r.value as ours.SnapshotTextReport;
  const internal = rep.diagnostics.find((d) => d.code === 'internal-error');
  if (internal) return { detail: `internal error: ${internal.message}`, key: `internal error ${shape(internal.message)}`, crash: true };
  const lines = new Lines(text);
  for (const d of rep.diagnostics) {
    const p = rangeProblem(lines, d.range);
    if (p) return { detail: `diagnostic ${d.code} "${d.message.slice(0, 120)}": ${p.detail}`, key: `${d.code} "${shape(d.message)}": ${p.why}` };
    for (const rel of d.related ?? []) {
      const q = rangeProblem(lines, rel.range);
      if (q) return { detail: `related location of ${d.code}: ${q.detail}`, key: `related of ${d.code}: ${q.why}` };
    }
  }
  const parsed = run(() => JSON.parse(text));
  if (parsed.threw) {
    if (rep.verdict.valid) return { detail: `JSON.parse throws (${errInfo(parsed.error).message}) but the verdict is valid`, key: 'unparsable but valid' };
    if (!rep.diagnostics.some((d) => d.code === 'invalid-json')) return { detail: `JSON.parse throws (${errInfo(parsed.error).message}) but there is no invalid-json diagnostic: ${show(rep.diagnostics.map((d) => d.code))}`, key: 'no invalid-json diagnostic' };
    return undefined;
  }
  const value = parsed.value;
  if (rep.kind === 'resume-state') {
    const is = oracle.W.isSerializedResumeState(value);
    const d = is ? run(() => oracle.W.deserializeResumeState(value as never)) : undefined;
    const expected = is && d !== undefined && !d.threw;
    if (rep.verdict.valid !== expected) {
      return {
        detail: `kind resume-state, verdict valid ${rep.verdict.valid} (${show(rep.verdict.errors)}), awaitly: isSerializedResumeState ${is}${d ? `, deserializeResumeState ${showOutcome(d)}` : ''}`,
        key: `resume-state verdict ${rep.verdict.valid}, awaitly ${expected}${d ? ` (${outcomeKey(d)})` : ''}`,
      };
    }
    return undefined;
  }
  const v = run(() => oracle.P.validateSnapshot(value));
  if (v.threw) {
    return rep.verdict.valid ? { detail: `awaitly's validateSnapshot ${showOutcome(v)} but the verdict is valid`, key: 'awaitly throws, verdict valid' } : undefined;
  }
  const aw = v.value as { valid: boolean; errors?: string[] };
  const expected = { valid: aw.valid, errors: aw.valid ? [] : aw.errors };
  const got = { valid: rep.verdict.valid, errors: rep.verdict.errors };
  if (!isDeepStrictEqual(got, expected)) {
    return { detail: `kind ${rep.kind}, verdict ${show(got, 1500)}, awaitly ${show(expected, 1500)}`, key: `${rep.kind} verdict valid ${got.valid}, awaitly ${expected.valid}${got.valid === expected.valid ? ', errors differ' : ''}` };
  }
  return undefined;
}

/** Deepest nesting of brackets outside strings (a cheap scan; unbalanced text is fine). */
export function maxNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) {
      // skip the string
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c) i++;
        else if (c === 0x22) break;
      }
    } else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) max = depth;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}

/** Nesting above which a text check runs in a child process (memory use can explode there). */
export const ISOLATE_NESTING = 2500;

/**
 * checkTextVerdict in a child process with a memory cap: a crash that takes the process down (out
 * of memory) becomes a Finding instead of killing the test run. Same default stack size as here.
 */
export function checkTextVerdictIsolated(text: string, memoryMb = 1024, timeoutMs = 120_000): Finding | undefined {
  const hash = createHash('sha1').update(text).digest('hex') + memoryMb;
  if (isolatedCache.has(hash)) return isolatedCache.get(hash);
  const f = runIsolated(text, memoryMb, timeoutMs);
  isolatedCache.set(hash, f);
  return f;
}

/** Deep texts repeat (they are built from a few depths): one child process per distinct text. */
const isolatedCache = new Map<string, Finding | undefined>();

function runIsolated(text: string, memoryMb: number, timeoutMs: number): Finding | undefined {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${memoryMb}`, '--require', require.resolve('tsx/cjs'), path.join(__dirname, 'textVerdictChild.ts')], {
    input: text,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status === 0) {
    try {
      return (JSON.parse(child.stdout) as Finding | null) ?? undefined;
    } catch {
      // fall through: unreadable output
    }
  }
  const oom = /heap out of memory|Allocation failed/.test(child.stderr ?? '');
  const why = child.error
    ? `could not finish: ${child.error.message}`
    : oom
      ? `ran out of memory (${memoryMb} MB heap)`
      : `exited with ${child.status ?? child.signal}: ${(child.stderr ?? '').split('\n').find((l) => l.trim()) ?? ''}`;
  return { detail: `analyzeSnapshotText ${why} on a ${text.length}-char text nested ${maxNesting(text)} deep`, key: `process died: ${oom ? 'out of memory' : child.error ? 'timeout' : 'exit'}`, crash: true };
}

/** checkTextVerdict, isolated in a child process when the text is very deeply nested. */
export function checkTextVerdictSafe(text: string): Finding | undefined {
  return maxNesting(text) > ISOLATE_NESTING ? checkTextVerdictIsolated(text) : checkTextVerdict(text);
}

// ---------------------------------------------------------------------------------------------
// Shrinking

function tryClone(v: unknown): { ok: true; v: unknown } | { ok: false } {
  try {
    return { ok: true, v: cloneJson(v) };
  } catch {
    return { ok: false };
  }
}

/** Greedy shrink of JSON data while `fails` holds: delete members, empty containers, hoist children, simplify scalars. */
export function shrinkValue(value: unknown, fails: (v: unknown) => boolean, budget = { evals: 1500, ms: 4000 }): unknown {
  const first = tryClone(value);
  if (!first.ok || !fails(first.v)) return undefined;
  let cur = first.v;
  let evals = 0;
  const deadline = Date.now() + budget.ms;
  const attempt = (make: (root: unknown) => unknown): boolean => {
    if (evals >= budget.evals || Date.now() > deadline) return false;
    const c = tryClone(cur);
    if (!c.ok) return false;
    evals++;
    const cand = make(c.v);
    if (fails(cand)) {
      cur = cand;
      return true;
    }
    return false;
  };
  let progress = true;
  while (progress && evals < budget.evals && Date.now() < deadline) {
    progress = false;
    const paths: Path[] = allPaths(cur, 2000);
    for (let i = 0; i < paths.length && evals < budget.evals; i++) {
      const p = paths[i]!;
      const node = getAt(cur, p);
      const cands: Array<(root: unknown) => unknown> = [];
      if (p.length > 0) cands.push((root) => deleteAt(root, p));
      if (Array.isArray(node) || (typeof node === 'object' && node !== null)) {
        const kids = Array.isArray(node) ? node : Object.values(node);
        if (kids.length > 0) {
          cands.push((root) => setAt(root, p, Array.isArray(node) ? [] : {}));
          for (let k = 0; k < Math.min(kids.length, 3); k++) cands.push((root) => setAt(root, p, cloneJson(kids[k])));
        }
      } else if (typeof node === 'string' && node.length > 1) {
        cands.push((root) => setAt(root, p, ''), (root) => setAt(root, p, node.slice(0, 1)));
      } else if (typeof node === 'number' && node !== 0 && node !== 1) {
        cands.push((root) => setAt(root, p, 0));
      }
      for (const make of cands) {
        if (attempt(make)) {
          progress = true;
          break;
        }
      }
      if (progress) break;
    }
  }
  return cur;
}

/** Shrink a text by deleting chunks (halves down to single characters) while `fails` holds. */
export function shrinkText(text: string, fails: (t: string) => boolean, budget = { evals: 2000, ms: 4000 }): string {
  let cur = text;
  let evals = 0;
  const deadline = Date.now() + budget.ms;
  for (let size = Math.max(1, Math.floor(cur.length / 2)); size >= 1; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 2))) {
    for (let i = 0; i < cur.length && evals < budget.evals && Date.now() < deadline; ) {
      const cand = cur.slice(0, i) + cur.slice(i + size);
      evals++;
      if (fails(cand)) cur = cand;
      else i += size;
    }
    if (size === 1) break;
  }
  return cur;
}

function printable(v: unknown, max = 1500): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    s = undefined;
  }
  if (s === undefined) return show(v, max);
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars of JSON)` : s;
}

const quoteText = (t: string, max = 1500): string => {
  const s = JSON.stringify(t);
  return s.length > max ? `${s.slice(0, max)}… (text of ${t.length} chars)` : `text ${s}`;
};

/** Shrink and print the input of a failing single-case check. */
export function minimalFor(c: MutationCase, fails: (c: MutationCase) => boolean): string {
  if (c.js) return `(non-JSON input, not shrunk) ${show(inst(c), 1500)}`;
  const shrunk = shrinkValue(c.value, (v) => fails({ name: c.name, value: v }));
  if (shrunk !== undefined) return printable(shrunk);
  if (c.text !== undefined && c.text.length <= 200_000) {
    const t = shrinkText(c.text, (t) => {
      try {
        return fails({ name: c.name, value: JSON.parse(t), text: t });
      } catch {
        return false;
      }
    });
    return quoteText(t);
  }
  return `(not shrunk) ${c.text !== undefined ? quoteText(c.text, 600) : printable(c.value, 600)}`;
}

// ---------------------------------------------------------------------------------------------
// Running all checks on one case

/** Text for the verdict check: the case's own text, or JSON.stringify with the given indent. */
export function textOf(c: MutationCase, indent: 0 | 2 | '\t'): string | undefined {
  if (c.js) return undefined;
  if (c.text !== undefined) return c.text;
  try {
    return JSON.stringify(c.value, null, indent);
  } catch {
    return undefined;
  }
}

export type SingleCheck = 'validateSnapshot' | 'looksLikeWorkflowSnapshot' | 'assertValidSnapshot' | 'resumeState';

const SINGLE: Record<SingleCheck, (c: MutationCase) => Finding | undefined> = {
  validateSnapshot: checkValidate,
  looksLikeWorkflowSnapshot: checkLooksLike,
  assertValidSnapshot: checkAssert,
  resumeState: checkResume,
};

const disagreement = (check: CheckName, name: string, f: Finding): Disagreement => ({ check, name, detail: f.detail, key: f.key, ...(f.crash ? { crash: true } : {}) });

export function runSingle(check: SingleCheck, c: MutationCase, shrink = true): Disagreement | undefined {
  const f = SINGLE[check](c);
  if (!f) return undefined;
  const out = disagreement(check, c.name, f);
  if (c.js) out.nonJson = true;
  if (shrink) out.minimal = minimalFor(c, (x) => SINGLE[check](x)?.key === f.key);
  return out;
}

export function runMerge(base: MutationCase, delta: MutationCase, shrink = true): Disagreement | undefined {
  const f = checkMerge(base, delta);
  if (!f) return undefined;
  const out = disagreement('mergeSnapshots', `base ${base.name} | delta ${delta.name}`, f);
  if (base.js || delta.js) out.nonJson = true;
  if (shrink) {
    if (base.js || delta.js) out.minimal = `base ${show(inst(base), 700)}, delta ${show(inst(delta), 700)} (non-JSON, not shrunk)`;
    else {
      const b = shrinkValue(base.value, (v) => checkMerge({ name: '', value: v }, delta)?.key === f.key) ?? base.value;
      const dl = shrinkValue(delta.value, (v) => checkMerge({ name: '', value: b }, { name: '', value: v })?.key === f.key) ?? delta.value;
      out.minimal = `base ${printable(b, 700)}, delta ${printable(dl, 700)}`;
    }
  }
  return out;
}

export function runOperationOrder(c: MutationCase, other: MutationCase | undefined, shrink = true): Disagreement | undefined {
  const f = checkOperationOrder(c, other);
  if (!f) return undefined;
  const out = disagreement('operationOrder', c.name, f);
  if (shrink) out.minimal = minimalFor(c, (x) => checkOperationOrder(x, other)?.key === f.key) + (other ? ` (other ${printable(other.value, 300)})` : '');
  return out;
}

export function runTextVerdict(c: MutationCase, indent: 0 | 2 | '\t', shrink = true): Disagreement | undefined {
  const text = textOf(c, indent);
  if (text === undefined) return undefined;
  const deep = maxNesting(text) > ISOLATE_NESTING;
  const f = deep ? checkTextVerdictIsolated(text) : checkTextVerdict(text);
  if (!f) return undefined;
  const out = disagreement('analyzeSnapshotText', `${c.name} (indent ${JSON.stringify(indent)})`, f);
  if (shrink && deep) out.minimal = `(not shrunk: nested ${maxNesting(text)} deep; the name says how it was built) ${quoteText(text, 300)}`;
  else if (shrink) {
    const same = (t: string): boolean => checkTextVerdict(t)?.key === f.key;
    if (c.text === undefined) {
      const v = shrinkValue(c.value, (x) => {
        const t = JSON.stringify(x, null, indent);
        return t !== undefined && same(t);
      });
      out.minimal = v !== undefined ? quoteText(JSON.stringify(v, null, indent)) : quoteText(text);
    } else if (text.length <= 200_000) out.minimal = quoteText(shrinkText(text, same));
    else out.minimal = `(not shrunk: ${text.length} chars) ${quoteText(text, 300)}`;
  }
  return out;
}

export function runTextMutation(name: string, text: string, shrink = true): Disagreement | undefined {
  const f = checkTextVerdictSafe(text);
  if (!f) return undefined;
  const out = disagreement('textMutation', name, f);
  if (shrink) {
    out.minimal = text.length <= 200_000 && maxNesting(text) <= ISOLATE_NESTING ? quoteText(shrinkText(text, (t) => checkTextVerdict(t)?.key === f.key)) : `(not shrunk) ${quoteText(text, 300)}`;
  }
  return out;
}

export function formatDisagreement(d: Disagreement): string {
  return [
    `[${d.check}]${d.crash ? ' CRASH' : ''}${d.nonJson ? ' (non-JSON input)' : ''} ${d.name}`,
    `    ${d.detail}`,
    ...(d.minimal !== undefined ? [`    minimal input: ${d.minimal}`] : []),
  ].join('\n');
}
