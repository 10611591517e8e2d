// The lean path of analyzeSnapshotText (options.keepValue false: validate wants diagnostics and the verdict,
// never the value). A big snapshot is never held whole: scanSkeleton finds the top-level members and each
// entry of "steps"; the rest of the file is parsed with steps emptied; then each entry's slice is parsed on
// its own, checked (awaitly's checks in awaitly's order, and ours) and dropped. Positions come from
// scanning only the entries and members that have a finding. Anything unusual (a repeated key, a numeric or
// "__proto__" step key, a BOM, steps that is not an object, invalid JSON, a resume state, ...) returns
// undefined and the caller parses the whole text instead, so both paths give the same report; the
// differential and fuzz tests run both on every input.
//
// On the 100k-step bench file (28.7 MB) the whole parse holds ~4x the file size at its peak; this path
// holds the text, the entry offsets and key hashes (36 bytes an entry) and one parsed entry at a time.
import type { JsonPath } from './pointer';
import { toPointer } from './pointer';
import { DEFAULT_LARGE_VALUE_BYTES, type Finding } from './findings';
import type { AwaitlyVerdict, SnapshotTextReport } from './report';
import { type Located, type PathTrie, type Skeleton, type StepSpans, hashKey, scanJson, scanSkeleton } from './scan';
import { type AnalyzeOptions, StepWalk, checkSnapshot, classifyValue, largeValueFinding, toDiagnostics, wantedPaths } from './analyze';
import { checkSnapshotBeyondAwaitly } from './warnings';

/** Thrown from inside the step walk when an entry needs the whole-parse path. */
const FALL_BACK = new Error('lean path: fall back to the whole parse');

export function analyzeLean(text: string, options: AnalyzeOptions): SnapshotTextReport | undefined {
  const skeleton = scanSkeleton(text); // a BOM is not '{': undefined
  const stepsMember = skeleton?.steps;
  if (!skeleton || !stepsMember) return undefined;
  const topKeys = new Set<string>();
  for (const m of skeleton.members) {
    const key = m.path[0] as string;
    if (topKeys.has(key)) return undefined; // JSON.parse would keep the last; the whole path reports the repeat
    topKeys.add(key);
  }
  let top: Record<string, unknown>;
  try {
    top = JSON.parse(text.slice(0, stepsMember.valueStart) + '{}' + text.slice(stepsMember.valueEnd)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // A formatVersion object may throw when awaitly formats it: the whole path reproduces that.
  if (classifyValue(top) !== 'snapshot' || (typeof top.formatVersion === 'object' && top.formatVersion !== null)) return undefined;

  const { entries } = skeleton;
  const keys = new StepKeys(text, entries);
  let lastEntry: unknown;
  // Feeds awaitly's step loop (collectSnapshotProblems) the entries in for-in order, which is text order once
  // there is no repeated key and no array-index key (JSON.parse puts those first).
  const eachStep = (visit: (key: string, entry: unknown) => void): void => {
    for (let e = 0; e < entries.count; e++) {
      let key: string;
      let entry: unknown;
      try {
        key = entries.key(text, e);
        entry = JSON.parse(text.slice(entries.valueStart(e), entries.valueEnd(e)));
      } catch {
        throw FALL_BACK;
      }
      if (key === '__proto__' || isArrayIndex(key)) throw FALL_BACK;
      keys.hash(e, key);
      lastEntry = entry;
      visit(key, entry);
    }
  };

  const findings: Finding[] = [];
  const walk = new StepWalk(findings);
  const emptySteps = top.steps;
  let verdict: AwaitlyVerdict;
  try {
    verdict = checkSnapshot(top, findings, walk.onStep, eachStep);
    if (!keys.seal()) return undefined; // a step key repeats: JSON.parse keeps the last; the whole path says where
    // Ours at the top level ask `steps` whether it has a key, and for the last entry: a stand-in answers.
    top.steps = stepsStandIn(keys, walk.lastKey, lastEntry);
    checkSnapshotBeyondAwaitly(top, { stepsChecked: walk.visited, lastStepKey: walk.lastKey }, findings);
  } catch (e) {
    if (e === FALL_BACK) return undefined;
    throw e;
  } finally {
    top.steps = emptySteps;
  }
  // A key repeated inside an entry or a member: JSON.parse dropped one; the whole path says where.
  if (skeleton.memberCount !== walk.membersOf(top)) return undefined;

  const largeLimit = options.largeValueBytes ?? DEFAULT_LARGE_VALUE_BYTES;
  const trie = wantedPaths(findings);
  if (text.length > largeLimit) {
    for (let e = 0; e < entries.count; e++) {
      const start = entries.valueStart(e);
      const c = text.charCodeAt(start);
      // As scanJson: only object or array entries count.
      if ((c === 123 || c === 91) && entries.valueEnd(e) - start > largeLimit) {
        findings.push(largeValueFinding(entries.located(text, e, entries.key(text, e)), largeLimit));
      }
    }
  }
  const located = findings.length > 0 ? locate(text, skeleton, keys, trie) : new Map<string, Located>();
  return { kind: 'snapshot', looksLikeSnapshot: true, verdict, diagnostics: toDiagnostics(text, false, findings, located) };
}

/** A canonical array index ("0", "17", up to 2^32 - 2): JSON.parse's object enumerates those first. */
function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || key.length > 10 || (c === 48 && key.length > 1)) return false;
  for (let a = 1; a < key.length; a++) {
    const d = key.charCodeAt(a);
    if (d < 48 || d > 57) return false;
  }
  return Number(key) <= 4294967294;
}

/**
 * The steps object as checkSnapshotBeyondAwaitly sees it after the walk: it has every key, and only the
 * last entry is still there to read. Reading another one means that code changed: fall back.
 */
function stepsStandIn(keys: StepKeys, lastKey: string | undefined, lastEntry: unknown): object {
  return new Proxy(Object.create(null) as object, {
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && keys.indexOf(key) >= 0 ? { value: key === lastKey ? lastEntry : undefined, writable: true, enumerable: true, configurable: true } : undefined,
    has: (_t, key) => typeof key === 'string' && keys.indexOf(key) >= 0,
    get: (_t, key) => {
      if (key === lastKey) return lastEntry;
      if (typeof key === 'string' && keys.indexOf(key) >= 0) throw FALL_BACK;
      return undefined;
    },
    // Enumerated only when the walk saw no entry (then there is none).
    ownKeys: () => {
      if (keys.size > 0) throw FALL_BACK;
      return [];
    },
  });
}

/** The located map scanJson would build for `trie` over the whole text, from scans of the wanted members and entries only. */
function locate(text: string, skeleton: Skeleton, keys: StepKeys, trie: PathTrie): Map<string, Located> {
  const located = new Map<string, Located>();
  if (trie.wanted) located.set('', skeleton.root);
  for (const member of skeleton.members) {
    const node = trie.children.get(member.path[0] as string);
    if (!node) continue;
    if (node.wanted) located.set(toPointer(member.path), member);
    if (node.children.size === 0) continue;
    if (member !== skeleton.steps) {
      locateInside(text, member, node, located);
      continue;
    }
    for (const [key, sub] of node.children) {
      const e = keys.indexOf(key);
      if (e < 0) continue;
      const entry = skeleton.entries.located(text, e, key);
      if (sub.wanted) located.set(toPointer(entry.path), entry);
      if (sub.children.size > 0) locateInside(text, entry, sub, located);
    }
  }
  return located;
}

function locateInside(text: string, at: Located, trie: PathTrie, located: Map<string, Located>): void {
  const inner = scanJson(text, { want: trie, from: at.valueStart, to: at.valueEnd, line: at.valueLine, lineStart: at.valueStart - at.valueColumn + 1 });
  for (const loc of inner.located.values()) {
    if (loc.path.length === 0) continue; // the value itself: `at` has its key too
    const path: JsonPath = [...at.path, ...loc.path];
    loc.path = path as (string | number)[];
    located.set(toPointer(path), loc);
  }
}

/**
 * The step keys, found by hash: the walk records each key's hash, seal() puts the entries in an open-addressing table
 * (linear probing, at most half full) and finds repeats; indexOf decodes only the keys that share a hash. A Map of
 * 100k keys took a third of the walk's time, and sorting the entries by hash ~7 ms of a ~150 ms check (the table:
 * ~1 ms).
 */
class StepKeys {
  private readonly hashes: Int32Array;
  /** Entry index + 1 per slot, 0 when empty. */
  private slots = new Int32Array(0);
  private mask = 0;

  constructor(
    private readonly text: string,
    private readonly entries: StepSpans,
  ) {
    this.hashes = new Int32Array(entries.count);
  }

  get size(): number {
    return this.entries.count;
  }

  hash(e: number, key: string): void {
    this.hashes[e] = hashKey(key);
  }

  /** After the walk: false when a key repeats. */
  seal(): boolean {
    const n = this.entries.count;
    let capacity = 16;
    while (capacity < 2 * n) capacity *= 2;
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    const hashes = this.hashes;
    for (let e = 0; e < n; e++) {
      const h = hashes[e]!;
      let at = spread(h) & mask;
      // Decoded only when another entry has the same hash, and then once however many do.
      let key: string | undefined;
      for (let other = slots[at]!; other !== 0; other = slots[at]!) {
        if (hashes[other - 1] === h && this.keyOf(other - 1) === (key ??= this.keyOf(e))) return false;
        at = (at + 1) & mask;
      }
      slots[at] = e + 1;
    }
    this.slots = slots;
    this.mask = mask;
    return true;
  }

  /** The entry with this key, or -1. */
  indexOf(key: string): number {
    if (this.slots.length === 0) return -1;
    const h = hashKey(key);
    for (let at = spread(h) & this.mask, e = this.slots[at]!; e !== 0; at = (at + 1) & this.mask, e = this.slots[at]!) {
      if (this.hashes[e - 1] === h && this.keyOf(e - 1) === key) return e - 1;
    }
    return -1;
  }

  private keyOf(e: number): string {
    return this.entries.key(this.text, e);
  }
}

/** The hash's bits mixed into the low ones, which pick the slot (murmur3's finaliser). */
function spread(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
