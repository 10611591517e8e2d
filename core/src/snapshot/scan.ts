// A single forward pass over JSON text that JSON.parse has already accepted, to find where things are.
// jsonc-parser builds a node per value and is ~7x slower than JSON.parse on a 30 MB snapshot, which
// would break the 1.5x budget for full-position validation. This pass only tracks structure, jumps
// over strings with indexOf, counts lines as it goes (valid JSON has newlines only between tokens),
// and materialises key strings only where a wanted path may continue.
// It counts object members: fewer members in the parsed value means JSON.parse dropped duplicate
// keys (it silently keeps the last), and only then does a second, slower pass (`collectDuplicates`)
// work out where they are.

import { toPointer } from './pointer';

/** Where a member or element sits: offsets (0-based) and 1-based line/column. Key fields are -1 when absent. */
export interface Located {
  path: (string | number)[];
  keyStart: number;
  keyEnd: number;
  keyLine: number;
  keyColumn: number;
  valueStart: number;
  valueEnd: number;
  valueLine: number;
  valueColumn: number;
  endLine: number;
  endColumn: number;
}

export interface DuplicateKey {
  /** Path of the object holding the repeated key. */
  objectPath: (string | number)[];
  key: string;
  first: Located;
  /** The later occurrence, the one JSON.parse keeps. */
  repeat: Located;
}

/** Hash of a key's decoded text; the scanner hashes raw text, which is the same when there is no escape. */
export function hashKey(key: string): number {
  let h = 0;
  for (let a = 0; a < key.length; a++) h = (Math.imul(h, 31) + key.charCodeAt(a)) | 0;
  return h & 0x3fffffff;
}

function hashRaw(text: string, open: number, close: number): number {
  let h = 0;
  for (let a = open + 1; a < close; a++) h = (Math.imul(h, 31) + text.charCodeAt(a)) | 0;
  return h & 0x3fffffff;
}

/** Paths to locate, as a trie. */
export class PathTrie {
  readonly children = new Map<string, PathTrie>();
  wanted = false;
  private byHash: Map<number, string[]> | undefined;

  add(path: ReadonlyArray<string | number>): void {
    this.descend(path, false);
  }

  /** add() for the path and each of its ancestors (the root included), in one descent. */
  addWithAncestors(path: ReadonlyArray<string | number>): void {
    this.descend(path, true);
  }

  private descend(path: ReadonlyArray<string | number>, ancestorsToo: boolean): void {
    let node: PathTrie = this;
    for (const segment of path) {
      if (ancestorsToo) node.wanted = true;
      const key = String(segment);
      let next = node.children.get(key);
      if (!next) {
        next = new PathTrie();
        node.children.set(key, next);
        node.byHash = undefined;
      }
      node = next;
    }
    node.wanted = true;
  }

  /** Could a key with this hash lead somewhere wanted? Saves decoding every key of a big object. */
  mayHave(hash: number): boolean {
    if (!this.byHash) {
      this.byHash = new Map();
      for (const key of this.children.keys()) {
        const h = hashKey(key);
        const list = this.byHash.get(h);
        if (list) list.push(key);
        else this.byHash.set(h, [key]);
      }
    }
    return this.byHash.has(hash);
  }
}

export interface ScanOptions {
  want?: PathTrie;
  /** Work out the path and both places of every duplicate key (slower; for files that have some). */
  collectDuplicates?: boolean;
  /** Report entries of the top-level "steps" container whose text is longer than this. */
  largeEntryChars?: number;
  /** Scan only the value that starts at `from` (default 0) and ends before `to`, on 1-based `line`
   * whose first character is at `lineStart`; its paths are relative to it. The lean path (lean.ts) locates
   * inside one step entry or member this way, without a pass over the whole text. */
  from?: number;
  to?: number;
  line?: number;
  lineStart?: number;
}

export interface ScanResult {
  /** Number of object members in the text (duplicates included). */
  memberCount: number;
  /** Located values by JSON Pointer of the path they were wanted under. */
  located: Map<string, Located>;
  /** Filled only with collectDuplicates. */
  duplicates: DuplicateKey[];
  /** Entries of top-level "steps" over largeEntryChars. */
  largeEntries: Located[];
}

/** Bookkeeping for containers on a tracked path (wanted, or every container when collecting duplicates). */
interface Tracked {
  trie: PathTrie | undefined;
  /** The path is kept as a parent link and a segment, and built only when something is reported:
   * copying it per container would cost O(depth²) on deeply nested files. */
  parent: Tracked | undefined;
  segment: string | number | undefined;
  seen: Map<string, Located> | undefined;
  self: Located | undefined;
}

const BACKSLASH = 92;
const NO_PATH: (string | number)[] = [];
const ESCAPED = -1;

/** The offset of the quote that closes the string opening at `open`. */
export function stringEnd(text: string, open: number): number {
  let e = open + 1;
  for (;;) {
    e = text.indexOf('"', e);
    if (e < 0) return text.length - 1;
    if (text.charCodeAt(e - 1) !== BACKSLASH) return e;
    let b = e - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((e - 1 - b) % 2 === 0) return e;
    e++;
  }
}

/** A quoted string's text (open and close are the quotes' offsets); JSON.parse only when it has an escape, which throws on a bad one. */
export function decodeKey(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(open, close + 1)) as string);
}

function pathOf(t: Tracked | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = t; at && at.segment !== undefined; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/** Scan valid JSON text. Behaviour on invalid JSON is unspecified (callers parse first). */
export function scanJson(text: string, options: ScanOptions = {}): ScanResult {
  const { want, collectDuplicates = false } = options;
  const largeLimit = options.largeEntryChars ?? Infinity;
  const located = new Map<string, Located>();
  const duplicates: DuplicateKey[] = [];
  const largeEntries: Located[] = [];

  // The container stack as parallel arrays: most containers are never tracked, so they cost no object.
  const isObj: boolean[] = [];
  const expectKey: boolean[] = [];
  const index: number[] = [];
  const start: number[] = [];
  const startLine: number[] = [];
  const startCol: number[] = [];
  const kStart: number[] = [];
  const kEnd: number[] = [];
  const kLine: number[] = [];
  const kCol: number[] = [];
  const tracked: (Tracked | undefined)[] = [];
  let depth = 0;
  let memberCount = 0;
  let line = options.line ?? 1;
  let lineStart = options.lineStart ?? 0;
  let inSteps = false; // the root member being read is "steps" (for large-entry reporting)
  const n = options.to ?? text.length;
  let i = options.from ?? 0;

  const keyOf = (d: number): string => decodeKey(text, kStart[d]!, kEnd[d]! - 1);
  // Hash of the decoded key, without materialising it unless it has escapes.
  const keyHash = (d: number): number => {
    const open = kStart[d]!;
    const close = kEnd[d]! - 1;
    return hasEscape(open, close) ? hashKey(decodeKey(text, open, close)) : hashRaw(text, open, close);
  };

  // Whether a string has an escape, in amortised O(1): a pointer to the next backslash in the text.
  let nextBackslash = -1;
  const hasEscape = (open: number, close: number): boolean => {
    if (nextBackslash < open) {
      nextBackslash = text.indexOf('\\', open);
      if (nextBackslash < 0) nextBackslash = n;
    }
    return nextBackslash < close;
  };

  // Context of the value that starts now, when its parent is tracked (or it is the root).
  const childTracked = (): { trie: PathTrie | undefined; parent: Tracked | undefined; segment: string | number | undefined } | undefined => {
    if (depth === 0) return want || collectDuplicates ? { trie: want, parent: undefined, segment: undefined } : undefined;
    const parent = tracked[depth - 1];
    if (!parent) return undefined;
    // A wanted leaf (the usual case: a step entry) needs nothing below it.
    if (!collectDuplicates && (!parent.trie || parent.trie.children.size === 0)) return undefined;
    let trie: PathTrie | undefined;
    let segment: string | number;
    if (isObj[depth - 1]) {
      if (!collectDuplicates && !parent.trie?.mayHave(keyHash(depth - 1))) return undefined;
      segment = keyOf(depth - 1);
    } else segment = index[depth - 1]!;
    trie = parent.trie?.children.get(String(segment));
    if (!trie && !collectDuplicates) return undefined;
    return { trie, parent, segment };
  };

  const childPath = (ctx: { parent: Tracked | undefined; segment: string | number | undefined }): (string | number)[] => {
    const path = pathOf(ctx.parent);
    if (ctx.segment !== undefined) path.push(ctx.segment);
    return path;
  };

  const makeLocated = (path: (string | number)[], d: number, vStart: number, vLine: number, vCol: number, vEnd: number, eLine: number, eCol: number): Located => {
    const member = d > 0 && isObj[d - 1];
    return {
      path,
      keyStart: member ? kStart[d - 1]! : -1,
      keyEnd: member ? kEnd[d - 1]! : -1,
      keyLine: member ? kLine[d - 1]! : -1,
      keyColumn: member ? kCol[d - 1]! : -1,
      valueStart: vStart,
      valueEnd: vEnd,
      valueLine: vLine,
      valueColumn: vCol,
      endLine: eLine,
      endColumn: eCol,
    };
  };

  // A value at stack depth `depth` just ended; with collectDuplicates, remember where each key was.
  const valueDone = (loc: Located | undefined, vStart: number, vLine: number, vCol: number, vEnd: number, eLine: number, eCol: number): void => {
    const parent = depth > 0 ? tracked[depth - 1] : undefined;
    if (!parent?.seen) return;
    const key = keyOf(depth - 1);
    const at = loc ?? makeLocated(NO_PATH, depth, vStart, vLine, vCol, vEnd, eLine, eCol);
    const prior = parent.seen.get(key);
    if (prior) duplicates.push({ objectPath: pathOf(parent), key, first: prior, repeat: at });
    parent.seen.set(key, at);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 58 /* : */) {
      i++;
      continue;
    }
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      // Indentation: a tight loop here is most of the speed on pretty-printed files.
      while (i < n && text.charCodeAt(i) === 32) i++;
      continue;
    }
    if (c === 44 /* , */) {
      if (depth > 0) {
        if (isObj[depth - 1]) expectKey[depth - 1] = true;
        else index[depth - 1]!++;
      }
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      const close = stringEnd(text, i);
      const d = depth - 1;
      if (d >= 0 && isObj[d] && expectKey[d]) {
        memberCount++;
        expectKey[d] = false;
        kStart[d] = i;
        kEnd[d] = close + 1;
        kLine[d] = line;
        kCol[d] = i - lineStart + 1;
        if (d === 0) inSteps = close - i === 6 && text.startsWith('steps', i + 1);
      } else if (depth === 0 || tracked[d]) {
        const ctx = childTracked();
        if (ctx) {
          const col = i - lineStart + 1;
          const endCol = close + 1 - lineStart + 1;
          const loc = ctx.trie?.wanted ? makeLocated(childPath(ctx), depth, i, line, col, close + 1, line, endCol) : undefined;
          if (loc) located.set(toPointer(loc.path), loc);
          valueDone(loc, i, line, col, close + 1, line, endCol);
        }
      }
      i = close + 1;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const ctx = depth === 0 || tracked[depth - 1] ? childTracked() : undefined;
      const col = i - lineStart + 1;
      if (ctx === undefined && depth >= 2 && !collectDuplicates) {
        // Nothing wanted in here (a step entry that needs no position, the usual case): only its members, its
        // lines and its end matter, so skipContainer runs to its closing bracket.
        const open = i;
        const openLine = line;
        skipState[0] = line;
        skipState[1] = lineStart;
        skipState[2] = memberCount;
        i = skipContainer(text, i, skipState);
        line = skipState[0]!;
        lineStart = skipState[1]!;
        memberCount = skipState[2]!;
        // A step entry (depth 2 under the root's "steps") still gets its large-entry check.
        if (depth === 2 && inSteps && i - open > largeLimit) {
          const segment = isObj[1] ? keyOf(1) : index[1]!;
          largeEntries.push(makeLocated(['steps', segment], depth, open, openLine, col, i, line, i - lineStart + 1));
        }
        continue;
      }
      isObj[depth] = c === 123;
      expectKey[depth] = c === 123;
      index[depth] = 0;
      start[depth] = i;
      startLine[depth] = line;
      startCol[depth] = col;
      tracked[depth] = ctx
        ? {
            trie: ctx.trie,
            parent: ctx.parent,
            segment: ctx.segment,
            seen: collectDuplicates && c === 123 ? new Map() : undefined,
            self: ctx.trie?.wanted ? makeLocated(childPath(ctx), depth, i, line, col, -1, -1, -1) : undefined,
          }
        : undefined;
      depth++;
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      const t = tracked[depth];
      const endCol = i + 1 - lineStart + 1;
      if (t?.self) {
        t.self.valueEnd = i + 1;
        t.self.endLine = line;
        t.self.endColumn = endCol;
        located.set(toPointer(t.self.path), t.self);
      }
      if (depth === 2 && inSteps && i + 1 - start[depth]! > largeLimit) {
        const segment = isObj[1] ? keyOf(1) : index[1]!;
        largeEntries.push(makeLocated(['steps', segment], depth, start[depth]!, startLine[depth]!, startCol[depth]!, i + 1, line, endCol));
      }
      tracked[depth] = undefined;
      valueDone(t?.self, start[depth]!, startLine[depth]!, startCol[depth]!, i + 1, line, endCol);
      i++;
      continue;
    }
    // A number, true, false or null: runs until a delimiter.
    const s = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      i++;
    }
    if (depth === 0 || tracked[depth - 1]) {
      const ctx = childTracked();
      if (ctx) {
        const col = s - lineStart + 1;
        const endCol = i - lineStart + 1;
        const loc = ctx.trie?.wanted ? makeLocated(childPath(ctx), depth, s, line, col, i, line, endCol) : undefined;
        if (loc) located.set(toPointer(loc.path), loc);
        valueDone(loc, s, line, col, i, line, endCol);
      }
    }
  }
  return { memberCount, located, duplicates, largeEntries };
}

/** [line, lineStart, memberCount] in and out of skipContainer. */
const skipState = new Float64Array(3);

/**
 * Runs over the container that opens at `i` to just past its closing bracket, counting its keys and lines into
 * `state`. In valid JSON a string followed by ':' is a key. A function of its own (not a loop inside scanJson):
 * V8 optimises it alone, and on the 100k-step file it ran in about half the time there.
 */
export function skipContainer(text: string, i: number, state: Float64Array): number {
  let line = state[0]!;
  let lineStart = state[1]!;
  let members = state[2]!;
  const n = text.length;
  let nested = 0;
  for (;;) {
    const k = text.charCodeAt(i);
    if (k === 34 /* " */) {
      i = stringEnd(text, i) + 1;
      let w = text.charCodeAt(i);
      while (w === 32 || w === 10 || w === 13 || w === 9) {
        if (w === 10) {
          line++;
          lineStart = i + 1;
        }
        w = text.charCodeAt(++i);
      }
      if (w === 58 /* : */) {
        members++;
        // The colon and the usual space after it.
        i++;
        if (text.charCodeAt(i) === 32) i++;
      }
    } else if (k === 44 /* , */) i++;
    else if (k === 10) {
      i++;
      line++;
      lineStart = i;
      while (i < n && text.charCodeAt(i) === 32) i++;
    } else if (k === 123 || k === 91) {
      nested++;
      i++;
    } else if (k === 125 || k === 93) {
      i++;
      if (--nested === 0) break;
    } else if (i >= n) break;
    else i++;
  }
  state[0] = line;
  state[1] = lineStart;
  state[2] = members;
  return i;
}

/** Just past the number, true, false or null that starts at `i`: it runs until a delimiter or the end of the text. */
export function primitiveEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
    i++;
  }
  return i;
}

/**
 * Object members in valid JSON text, counted without tracking structure: a string followed by ":"
 * is a key. Several times cheaper than scanJson; counting ':' (colonsIn) is ~3x cheaper still, but only
 * says the same when the text has no \u escape (analyze.ts, keysDropped).
 */
export function countMembersInText(text: string): number {
  let count = 0;
  let i = 0;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return count;
    i = stringEnd(text, q) + 1;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    if (c === 58) count++;
  }
}

/**
 * Object members in a parsed value (what survives JSON.parse), for comparison with memberCount.
 * Recursive (fast) for ordinary nesting; below 500 levels it continues with an explicit stack,
 * since JSON.parse accepts nesting deep enough to overflow the call stack.
 */
export function countMembers(value: unknown, depth = 0): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > 500) return countDeep(value, false);
  let count = 0;
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const v: unknown = value[k];
      if (typeof v === 'object' && v !== null) count += countMembers(v, depth + 1);
    }
    return count;
  }
  // for-in rather than Object.keys: no array per object, and parsed JSON has no inherited keys.
  for (const key in value) {
    count++;
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object' && v !== null) count += countMembers(v, depth + 1);
  }
  return count;
}

/**
 * countMembers (`colons` false) or membersAndColons (true) past 500 levels of nesting, with an explicit stack: JSON.parse
 * accepts nesting deep enough to overflow the call stack.
 */
function countDeep(value: object, colons: boolean): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (colons && typeof v === 'string') count += colonsIn(v);
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) stack.push(v[k]);
      continue;
    }
    for (const key in v) {
      count += colons ? 1 + colonsIn(key) : 1;
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return count;
}

/** The ':' characters in a string. */
export function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) n++;
  return n;
}

/**
 * Object members in a parsed value plus the ':' in its keys and strings: compared with the ':' in the text it was
 * parsed from, this tells whether JSON.parse dropped a repeated key (see keysDropped in analyze.ts). One walk,
 * recursive like countMembers, with the same explicit stack past 500 levels (countDeep).
 */
export function membersAndColons(value: unknown, depth = 0): number {
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? colonsIn(value) : 0;
  if (depth > 500) return countDeep(value, true);
  let count = 0;
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const v: unknown = value[k];
      if (typeof v === 'object') count += v === null ? 0 : membersAndColons(v, depth + 1);
      else if (typeof v === 'string') count += colonsIn(v);
    }
    return count;
  }
  for (const key in value) {
    count += 1 + colonsIn(key);
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'object') count += v === null ? 0 : membersAndColons(v, depth + 1);
    else if (typeof v === 'string') count += colonsIn(v);
  }
  return count;
}

/** Six numbers an entry. */
const SPAN = 6;

/**
 * The entries of a top-level "steps" object, as offsets into the text, in one growable Int32Array (100k entries
 * in 2.4 MB rather than 100k objects). Keys are quoted (keyEnd is past the closing quote).
 */
export class StepSpans {
  count = 0;
  private data = new Int32Array(1024 * SPAN);

  add(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, keyLine: number, keyLineStart: number): void {
    let at = this.count * SPAN;
    if (at === this.data.length) {
      const grown = new Int32Array(at * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[at++] = keyStart;
    d[at++] = keyEnd;
    d[at++] = valueStart;
    d[at++] = valueEnd;
    d[at++] = keyLine;
    d[at] = keyLineStart;
    this.count++;
  }
  keyStart(e: number): number {
    return this.data[e * SPAN]!;
  }
  keyEnd(e: number): number {
    return this.data[e * SPAN + 1]!;
  }
  valueStart(e: number): number {
    return this.data[e * SPAN + 2]!;
  }
  valueEnd(e: number): number {
    return this.data[e * SPAN + 3]!;
  }
  /** Entry `e`'s key, decoded. */
  key(text: string, e: number): string {
    return decodeKey(text, this.keyStart(e), this.keyEnd(e) - 1);
  }
  /** Where entry `e` is, with its lines worked out from the key's line (cheap: only for entries with a finding). */
  located(text: string, e: number, key: string): Located {
    const keyStart = this.keyStart(e);
    const valueStart = this.valueStart(e);
    const valueEnd = this.valueEnd(e);
    const at = [this.data[e * SPAN + 4]!, this.data[e * SPAN + 5]!];
    const keyLine = at[0]!;
    const keyColumn = keyStart - at[1]! + 1;
    advanceLines(text, keyStart, valueStart, at);
    const valueLine = at[0]!;
    const valueColumn = valueStart - at[1]! + 1;
    advanceLines(text, valueStart, valueEnd, at);
    return { path: ['steps', key], keyStart, keyEnd: this.keyEnd(e), keyLine, keyColumn, valueStart, valueEnd, valueLine, valueColumn, endLine: at[0]!, endColumn: valueEnd - at[1]! + 1 };
  }
}

/** Moves [line, lineStart] from `from` to `to` (valid JSON has newlines only between tokens). */
function advanceLines(text: string, from: number, to: number, at: number[]): void {
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < to; nl = text.indexOf('\n', nl + 1)) {
    at[0]!++;
    at[1] = nl + 1;
  }
}

export interface Skeleton {
  /** The root object (path []). */
  root: Located;
  /** Top-level members, each with path [decoded key]. */
  members: Located[];
  /** The member whose raw key is "steps" and whose value is an object: its entries are in `entries`. */
  steps: Located | undefined;
  entries: StepSpans;
  /** Object members in the whole text, as scanJson counts them. */
  memberCount: number;
}

/**
 * One strict pass over a JSON object's text for the lean path (lean.ts): the top-level members and every entry
 * of its "steps" object, with offsets, lines and the member count. It checks the punctuation between them; the
 * values are left to JSON.parse (each entry's slice, and the rest of the text with steps emptied), so together
 * they accept exactly what JSON.parse accepts. Anything it does not expect gives undefined: the caller then
 * parses the whole text. The values are skipped with skipContainer and stringEnd, as in scanJson.
 */
export function scanSkeleton(text: string): Skeleton | undefined {
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let memberCount = 0;
  const entries = new StepSpans();
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      else if (c === 10) {
        i++;
        line++;
        lineStart = i;
      } else return;
    }
  };
  // A quoted string at i (a key): the index of its closing quote, or -1.
  const stringAt = (): number => {
    if (text.charCodeAt(i) !== 34) return -1;
    const close = stringEnd(text, i);
    return close > i && text.charCodeAt(close) === 34 ? close : -1;
  };
  const skipValue = (): boolean => {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      skipState[0] = line;
      skipState[1] = lineStart;
      skipState[2] = memberCount;
      i = skipContainer(text, i, skipState);
      line = skipState[0]!;
      lineStart = skipState[1]!;
      memberCount = skipState[2]!;
      return true;
    }
    if (c === 34) {
      const close = stringAt();
      i = close + 1;
      return close > 0;
    }
    const s = i;
    i = primitiveEnd(text, i);
    return i > s;
  };
  // After a member: "," then more, or the closing brace. 1 = more, 0 = closed, -1 = unexpected.
  const next = (): number => {
    ws();
    const c = text.charCodeAt(i++);
    if (c === 125) return 0;
    if (c !== 44) return -1;
    ws();
    return 1;
  };
  const walkSteps = (): boolean => {
    i++;
    ws();
    if (text.charCodeAt(i) === 125) {
      i++;
      return true;
    }
    for (;;) {
      const kStart = i;
      const close = stringAt();
      if (close < 0) return false;
      // JSON.parse never sees the keys of steps: reject what it would (raw control characters); escapes are
      // checked when the key is decoded.
      for (let a = kStart + 1; a < close; a++) if (text.charCodeAt(a) < 32) return false;
      memberCount++;
      const kLine = line;
      const kLineStart = lineStart;
      i = close + 1;
      ws();
      if (text.charCodeAt(i) !== 58) return false;
      i++;
      ws();
      const vStart = i;
      if (!skipValue()) return false;
      entries.add(kStart, close + 1, vStart, i, kLine, kLineStart);
      const more = next();
      if (more <= 0) return more === 0;
    }
  };

  ws();
  if (text.charCodeAt(i) !== 123) return undefined;
  const rootStart = i;
  const rootLine = line;
  const rootColumn = i - lineStart + 1;
  const members: Located[] = [];
  let steps: Located | undefined;
  i++;
  ws();
  if (text.charCodeAt(i) === 125) i++;
  else {
    for (;;) {
      const kStart = i;
      const close = stringAt();
      if (close < 0) return undefined;
      memberCount++;
      const keyLine = line;
      const keyColumn = i - lineStart + 1;
      i = close + 1;
      ws();
      if (text.charCodeAt(i) !== 58) return undefined;
      i++;
      ws();
      const valueStart = i;
      const valueLine = line;
      const valueColumn = i - lineStart + 1;
      const isSteps = !steps && close - kStart === 6 && text.startsWith('steps', kStart + 1) && text.charCodeAt(i) === 123;
      if (!(isSteps ? walkSteps() : skipValue())) return undefined;
      let key: string;
      try {
        key = decodeKey(text, kStart, close);
      } catch {
        return undefined; // a bad escape: JSON.parse of the whole text says where
      }
      const at: Located = { path: [key], keyStart: kStart, keyEnd: close + 1, keyLine, keyColumn, valueStart, valueEnd: i, valueLine, valueColumn, endLine: line, endColumn: i - lineStart + 1 };
      members.push(at);
      if (isSteps) steps = at;
      const more = next();
      if (more < 0) return undefined;
      if (more === 0) break;
    }
  }
  const root: Located = { path: [], keyStart: -1, keyEnd: -1, keyLine: -1, keyColumn: -1, valueStart: rootStart, valueEnd: i, valueLine: rootLine, valueColumn: rootColumn, endLine: line, endColumn: i - lineStart + 1 };
  ws();
  return i === n ? { root, members, steps, entries, memberCount } : undefined;
}
