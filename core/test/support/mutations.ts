// Seeded generator of snapshot-like inputs for the differential tests against awaitly 1.35.0 and 4.5.1.
//
// Everything is derived in code from real files awaitly wrote (test-fixtures/snapshots/*.json by 1.35.0,
// test-fixtures/snapshots-4x/*.json by 4.5.1): a seed file is cloned and mutated (fields deleted, renamed,
// retyped at any depth, prototype-ish and numeric-looking keys added, ...), or a family of edge
// cases is built around it (resume states with bad entries, deep cause chains, roots that are not
// objects, JSON texts with duplicate keys or odd number spellings). A second family holds inputs
// JSON cannot express (prototypes, getters, frozen objects, class instances, sparse arrays); those
// are for the object-level API only. The same (seed, count) always gives the same cases.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One generated input. */
export interface MutationCase {
  /** What was done to which seed, enough to rebuild the input by hand. */
  name: string;
  /** The input. Plain JSON data (what JSON.parse gives) unless `js` is set. */
  value: unknown;
  /** A JSON text whose JSON.parse is `value`, when the text itself matters (duplicate keys, spellings, depth). */
  text?: string;
  /** Not JSON data: feed to the object-level API only. */
  js?: boolean;
  /** For stateful inputs (proxies, getters with counters): a fresh instance for every call. */
  make?: () => unknown;
}

/** A real file awaitly wrote. */
export interface SeedFile {
  name: string;
  text: string;
  value: unknown;
}

// ---------------------------------------------------------------------------------------------
// PRNG

export { mulberry32 } from './prng';
import { mulberry32 } from './prng';

export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
  /** Pick by weight: [[weight, value], ...]. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    let total = 0;
    for (const [w] of items) total += w;
    let r = this.next() * total;
    for (const [w, v] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![1];
  }
  /** A child generator, so one family's draws do not shift another's. */
  fork(): Rng {
    return new Rng((this.int(0x7fffffff) ^ this.seed) >>> 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeds

export function findRepoRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'awaitly-lens') return dir;
      } catch {
        // keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(__dirname, '..', '..', '..');
    dir = up;
  }
}

let seedCache: { root: string; seeds: SeedFile[] } | undefined;

/** Every real snapshot / resume-state file of the repository, from both awaitly lines (nothing outside it). */
export function loadSeedFiles(repoRoot: string = findRepoRoot()): SeedFile[] {
  if (seedCache?.root === repoRoot) return seedCache.seeds;
  const dirs = [
    { dir: path.join(repoRoot, 'test-fixtures', 'snapshots'), label: 'fixtures-1.35' },
    { dir: path.join(repoRoot, 'test-fixtures', 'snapshots-4x'), label: 'fixtures-4.x' },
  ];
  const seeds: SeedFile[] = [];
  for (const { dir, label } of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.json') || file === 'manifest.json') continue;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      seeds.push({ name: `${label}/${file}`, text, value: JSON.parse(text) });
    }
  }
  if (seeds.length === 0) throw new Error(`no seed snapshots found under ${repoRoot}`);
  seedCache = { root: repoRoot, seeds };
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// JSON helpers

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, unknown>;
export type Path = (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep copy of JSON data; own "__proto__" keys survive (JSON.parse makes them own properties). */
export function cloneJson<T>(v: T): T {
  if (v === undefined) return v;
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Set an own data property, even "__proto__" (plain assignment would change the prototype). */
export function setOwn(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Array edits that never consult `constructor[Symbol.species]`: a mutation may have given an array
 * an own `constructor` member, and then Array.prototype.splice/slice would throw.
 */
export function removeIndex(arr: unknown[], i: number): void {
  for (let j = i; j < arr.length - 1; j++) arr[j] = arr[j + 1];
  if (i < arr.length) arr.length--;
}

export function insertIndex(arr: unknown[], i: number, v: unknown): void {
  for (let j = arr.length; j > i; j--) arr[j] = arr[j - 1];
  arr[i] = v;
}

export function headOf(arr: unknown[], n: number): unknown[] {
  const out: unknown[] = [];
  for (let j = 0; j < Math.min(n, arr.length); j++) out.push(arr[j]);
  return out;
}

/** Build an object from entries with own-property semantics (like JSON.parse). */
export function objOf(entries: ReadonlyArray<readonly [string, unknown]>): Obj {
  const o: Obj = {};
  for (const [k, v] of entries) setOwn(o, k, v);
  return o;
}

/** Every path in a JSON tree, root first (breadth first), up to `limit`. */
export function allPaths(root: unknown, limit = 5000): Path[] {
  const out: Path[] = [[]];
  const queue: Array<{ v: unknown; p: Path }> = [{ v: root, p: [] }];
  for (let qi = 0; qi < queue.length && out.length < limit; qi++) {
    const { v, p } = queue[qi]!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && out.length < limit; i++) {
        out.push([...p, i]);
        queue.push({ v: v[i], p: [...p, i] });
      }
    } else if (isObj(v)) {
      for (const k of Object.keys(v)) {
        if (out.length >= limit) break;
        out.push([...p, k]);
        queue.push({ v: v[k], p: [...p, k] });
      }
    }
  }
  return out;
}

export function getAt(root: unknown, p: Path): unknown {
  let v = root;
  for (const seg of p) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = Object.prototype.hasOwnProperty.call(v, seg) ? (v as Obj)[seg as string] : undefined;
  }
  return v;
}

/** Replace the value at p (returns the new root; p = [] replaces the root). */
export function setAt(root: unknown, p: Path, value: unknown): unknown {
  if (p.length === 0) return value;
  const parent = getAt(root, p.slice(0, -1));
  const last = p[p.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
  else if (typeof parent === 'object' && parent !== null) setOwn(parent, String(last), value);
  return root;
}

/** Delete the member at p (no-op at the root). Arrays are spliced, so later indices shift. */
export function deleteAt(root: unknown, p: Path): unknown {
  if (p.length === 0) return root;
  const parent = getAt(root, p.slice(0, -1));
  const last = p[p.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') removeIndex(parent, last);
  else if (typeof parent === 'object' && parent !== null) delete (parent as Obj)[last as string];
  return root;
}

/** Rename a key in place, keeping the member's position among the object's keys. */
export function renameAt(root: unknown, p: Path, newKey: string): unknown {
  if (p.length === 0) return root;
  const parent = getAt(root, p.slice(0, -1));
  const last = p[p.length - 1]!;
  if (!isObj(parent) || typeof last !== 'string') return root;
  const entries = Object.keys(parent).map((k) => [k === last ? newKey : k, parent[k]] as const);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, v] of entries) setOwn(parent, k, v);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Pools

/** Keys that stress key handling: prototype names, numeric-looking, empty, unicode, escapes. */
export const KEY_POOL: readonly string[] = [
  'formatVersion', 'steps', 'execution', 'status', 'lastUpdated', 'completedAt', 'currentStepId',
  'ok', 'error', 'cause', 'value', 'meta', 'origin', 'metadata', 'warnings', 'stepId', 'workflowName',
  'kind', 'type', 'name', 'message', 'stack', 'stringRepresentation', 'originalType', 'truncated',
  '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf', 'length', 'toJSON',
  '0', '1', '10', '-1', '01', '1.5', '1e3', '4294967294', '4294967295', '9007199254740993',
  '', ' ', '\u0000', '\t', '\n', 'é', 'e\u0301', '\ud800', '\udc00x', '😀', 'a"b', 'a\\b', '"', '\\', '/', 'steps ', 'Steps', 'FORMATVERSION',
  '${formatVersion}', '%s', '\u2028', '\ufeff',
];

const STATUS_POOL: readonly unknown[] = ['running', 'completed', 'failed', 'Running', 'RUNNING', 'running ', '', 'cancelled', 'done', null, 0, 1, true, ['running'], { toString: 'running' }, 'completed\u0000'];

/** A fresh value of a random type. Objects with own "toString"/"valueOf" keys make string conversion throw. */
export function randomValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 2 ? 16 : 22);
  switch (kind) {
    case 0: return null;
    case 1: return true;
    case 2: return false;
    case 3: return rng.pick([0, 1, -1, 2, 7, 1.5, -0, 1e308, -1e-308, 9007199254740993, 0.1 + 0.2]);
    case 4: return rng.pick(['', '1', 'yes', 'x', 'false', 'true', 'null', 'undefined', 'running', '2024-01-01T00:00:00.000Z', 'not a date', '\u0000', '😀', '\ud800']);
    case 5: return [];
    case 6: return {};
    case 7: return [1];
    case 8: return [null];
    case 9: return { toString: 1 };
    case 10: return { valueOf: 1 };
    case 11: return { toString: 1, valueOf: 1 };
    case 12: return [{ toString: 1 }];
    case 13: return { ok: rng.pick([true, false, 'yes', 0, 1, null]) };
    case 14: return { ok: false, error: null, cause: null };
    case 15: return 'x'.repeat(rng.pick([1, 100, 5000]));
    case 16: return [randomValue(rng, depth + 1), randomValue(rng, depth + 1)];
    case 17: return objOf([[rng.pick(KEY_POOL), randomValue(rng, depth + 1)]]);
    case 18: return { type: 'error', name: 'Error', message: randomValue(rng, depth + 1) };
    case 19: return { type: 'thrown', stringRepresentation: 'x', value: randomValue(rng, depth + 1) };
    case 20: return [[[]]];
    default: return objOf([['toString', randomValue(rng, depth + 1)]]);
  }
}

const FORMAT_VERSIONS: ReadonlyArray<() => unknown> = [
  () => 1, () => '1', () => 2, () => 0, () => -1, () => 1.5, () => null, () => ({}), () => [], () => true, () => false,
  () => [1], () => [[1]], () => ['1'], () => '', () => ' 1', () => '01', () => 99, () => 1e21,
  () => ({ toString: 1 }), () => ({ valueOf: 1 }), () => ({ toString: 1, valueOf: 1 }), () => [{ toString: 1 }], () => [[{ toString: 1 }]], () => [null, undefined],
  () => ({ toString: {} }), () => objOf([['__proto__', 1]]), () => '\ud800',
];

// ---------------------------------------------------------------------------------------------
// Snapshot mutations (JSON data)

function snapshotSeeds(seeds: SeedFile[]): SeedFile[] {
  return seeds.filter((s) => isObj(s.value) && 'formatVersion' in (s.value as Obj));
}
function resumeSeeds(seeds: SeedFile[]): SeedFile[] {
  return seeds.filter((s) => isObj(s.value) && (s.value as Obj).kind === 'ResumeState');
}

/** A random step key of a snapshot, or undefined. */
function someStepKey(rng: Rng, snap: Obj): string | undefined {
  const steps = snap.steps;
  if (!isObj(steps)) return undefined;
  const keys = Object.keys(steps);
  return keys.length ? rng.pick(keys) : undefined;
}

/** Generic tree mutation: delete / rename / retype / add at a random node. Returns [newRoot, description]. */
export function treeMutation(rng: Rng, root: unknown): [unknown, string] {
  const paths = allPaths(root, 3000);
  const p = rng.pick(paths);
  const where = JSON.stringify(p);
  const target = getAt(root, p);
  const op = rng.int(6);
  if (op === 0 && p.length > 0) return [deleteAt(root, p), `delete ${where}`];
  if (op === 1 && p.length > 0 && typeof p[p.length - 1] === 'string') {
    const k = rng.pick(KEY_POOL);
    return [renameAt(root, p, k), `rename ${where} to ${JSON.stringify(k)}`];
  }
  if (op === 2 && (isObj(target) || Array.isArray(target))) {
    const k = rng.pick(KEY_POOL);
    const v = randomValue(rng);
    if (Array.isArray(target)) {
      insertIndex(target, rng.int(target.length + 1), v);
      return [root, `insert ${JSON.stringify(v)} into array ${where}`];
    }
    setOwn(target, k, v);
    return [root, `add ${JSON.stringify(k)}=${JSON.stringify(v)} at ${where}`];
  }
  if (op === 3 && isObj(target)) {
    // turn the object into an array of its values, or keep keys but wrap
    const arr = Object.values(target);
    return [setAt(root, p, arr), `object at ${where} to array of its values`];
  }
  const v = randomValue(rng);
  return [setAt(root, p, v), `set ${where} = ${JSON.stringify(v)}`];
}

/** Targeted mutation of a snapshot's known fields. Mutates `snap` (a clone) and describes what it did. */
export function fieldMutation(rng: Rng, snap: Obj): string {
  const choice = rng.int(17);
  switch (choice) {
    case 0: {
      const v = rng.pick(FORMAT_VERSIONS)();
      if (rng.chance(0.15)) {
        delete snap.formatVersion;
        return 'delete formatVersion';
      }
      setOwn(snap, 'formatVersion', v);
      return `formatVersion = ${JSON.stringify(v)}`;
    }
    case 1: {
      const v = rng.pick<() => unknown>([
        () => null, () => [], () => 'str', () => '', () => ({}), () => 1, () => true,
        () => [{ ok: true, value: 1 }], () => [null], () => [1, 'a'], () => ['ab'],
        () => Object.values((snap.steps as Obj) ?? {}),
      ])();
      if (rng.chance(0.15)) {
        delete snap.steps;
        return 'delete steps';
      }
      setOwn(snap, 'steps', v);
      return `steps = ${JSON.stringify(v)?.slice(0, 80)}`;
    }
    case 2: {
      const key = someStepKey(rng, snap);
      if (key === undefined) return fieldMutation(rng, snap);
      const v = rng.pick<() => unknown>([() => null, () => 0, () => 1, () => 'str', () => '', () => true, () => false, () => [], () => [1], () => [{ ok: true }], () => ({}), () => ({ toString: 1 })])();
      setOwn(snap.steps as Obj, key, v);
      return `steps[${JSON.stringify(key)}] = ${JSON.stringify(v)}`;
    }
    case 3: {
      const key = someStepKey(rng, snap);
      const step = key === undefined ? undefined : (snap.steps as Obj)[key];
      if (!isObj(step)) return fieldMutation(rng, snap);
      if (rng.chance(0.3)) {
        delete step.ok;
        return `delete steps[${JSON.stringify(key)}].ok`;
      }
      const v = rng.pick<unknown>(['yes', 0, 1, null, 'true', 'false', [], {}, [true], true, false, { valueOf: 1 }]);
      step.ok = v;
      return `steps[${JSON.stringify(key)}].ok = ${JSON.stringify(v)}`;
    }
    case 4: {
      // error/cause of failed steps: missing, null, odd values; sometimes flip an ok step to failed
      const key = someStepKey(rng, snap);
      const step = key === undefined ? undefined : (snap.steps as Obj)[key];
      if (!isObj(step)) return fieldMutation(rng, snap);
      const ops: string[] = [];
      if (rng.chance(0.5)) {
        step.ok = false;
        ops.push('ok = false');
      }
      for (const field of ['error', 'cause']) {
        const r = rng.int(5);
        if (r === 0) {
          delete step[field];
          ops.push(`delete ${field}`);
        } else if (r === 1) {
          step[field] = null;
          ops.push(`${field} = null`);
        } else if (r === 2) {
          const v = randomValue(rng);
          step[field] = v;
          ops.push(`${field} = ${JSON.stringify(v)}`);
        }
      }
      return `steps[${JSON.stringify(key)}]: ${ops.join(', ') || 'unchanged'}`;
    }
    case 5: {
      const v = rng.pick<() => unknown>([() => null, () => [], () => 'running', () => 1, () => true, () => ({}), () => ['running', 'x'], () => ({ status: 'running' }), () => ({ lastUpdated: 'x' })])();
      if (rng.chance(0.2)) {
        delete snap.execution;
        return 'delete execution';
      }
      setOwn(snap, 'execution', v);
      return `execution = ${JSON.stringify(v)}`;
    }
    case 6: {
      if (!isObj(snap.execution)) return fieldMutation(rng, snap);
      if (rng.chance(0.25)) {
        delete snap.execution.status;
        return 'delete execution.status';
      }
      const v = rng.pick(STATUS_POOL);
      snap.execution.status = v;
      return `execution.status = ${JSON.stringify(v)}`;
    }
    case 7: {
      if (!isObj(snap.execution)) return fieldMutation(rng, snap);
      if (rng.chance(0.25)) {
        delete snap.execution.lastUpdated;
        return 'delete execution.lastUpdated';
      }
      const v = rng.pick<unknown>([0, 1712345678901, null, {}, [], true, '', 'not a date', ['2024-01-01T00:00:00.000Z'], { toString: 1 }]);
      snap.execution.lastUpdated = v;
      return `execution.lastUpdated = ${JSON.stringify(v)}`;
    }
    case 8: {
      // prototype-ish and odd keys at some object
      const where = rng.pick<Path>([[], ['steps'], ['execution'], ['metadata'], ['steps', someStepKey(rng, snap) ?? 'x']]);
      const target = getAt(snap, where);
      if (!isObj(target) && !Array.isArray(target)) return fieldMutation(rng, snap);
      const k = rng.pick(['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__']);
      const v = rng.pick<unknown>([1, null, {}, { ok: true }, { toString: 1 }, 'x', [], { formatVersion: 1 }, { ok: false }]);
      setOwn(target, k, v);
      return `add own ${JSON.stringify(k)}=${JSON.stringify(v)} at ${JSON.stringify(where)}`;
    }
    case 9: {
      // numeric-looking / empty / unicode step keys (integer-like keys reorder!)
      if (!isObj(snap.steps) && !Array.isArray(snap.steps)) return fieldMutation(rng, snap);
      const k = rng.pick(['0', '10', '-1', '01', '2', '4294967294', '4294967295', '1.0', '', ' ', '😀', '\ud800', 'a"b', 'a\\b', '\u0000', '\n', '__proto__', 'constructor']);
      // (an index like 4294967294 on an array would make it 4 billion elements long: not JSON data)
      if (Array.isArray(snap.steps) && /^\d+$/.test(k) && Number(k) > snap.steps.length + 10) return fieldMutation(rng, snap);
      const v = rng.chance(0.6) ? { ok: true, value: k } : randomValue(rng);
      setOwn(snap.steps, k, v);
      return `add step ${JSON.stringify(k)} = ${JSON.stringify(v)}`;
    }
    case 10: {
      // metadata / warnings / workflowName (mergeSnapshots reads these)
      const field = rng.pick(['metadata', 'warnings', 'workflowName']);
      const v = rng.pick<() => unknown>([
        () => null, () => 7, () => 'x', () => [], () => ({}), () => [null], () => [{ stepId: 'a' }],
        () => [{ type: 'lossy_value', stepId: someStepKey(rng, snap) ?? 'a', path: '', reason: 'non-json' }],
        () => [{ stepId: { toString: 1 } }], () => ['str'], () => ({ a: 1, b: { c: 2 } }), () => objOf([['__proto__', { polluted: 1 }]]),
        () => [1, 2], () => true,
      ])();
      setOwn(snap, field, v);
      return `${field} = ${JSON.stringify(v)}`;
    }
    case 11: {
      // a failed step whose cause is a deep-ish / odd chain
      const key = someStepKey(rng, snap) ?? 'x';
      const chain = causeChain(rng, rng.pick([1, 2, 5, 30]));
      setOwn(snap.steps && typeof snap.steps === 'object' ? snap.steps : (snap.steps = {}), key, { ok: false, error: 'E', cause: chain.cause });
      return `steps[${JSON.stringify(key)}] failed with ${chain.desc}`;
    }
    case 12: {
      // many steps
      if (!isObj(snap.steps)) return fieldMutation(rng, snap);
      const n = rng.pick([50, 500]);
      for (let i = 0; i < n; i++) setOwn(snap.steps, `s${i}`, i % 17 === 5 ? { ok: 'no' } : { ok: true, value: i });
      return `add ${n} steps s0..s${n - 1} (every 17th from s5 has ok "no")`;
    }
    case 13: {
      // ok:true step missing value / value undefined-equivalents
      const key = someStepKey(rng, snap);
      const step = key === undefined ? undefined : (snap.steps as Obj)[key];
      if (!isObj(step)) return fieldMutation(rng, snap);
      step.ok = true;
      delete step.value;
      return `steps[${JSON.stringify(key)}] = ok:true without value`;
    }
    case 14: {
      // execution with extra / odd optional fields
      if (!isObj(snap.execution)) return fieldMutation(rng, snap);
      const k = rng.pick(['completedAt', 'currentStepId', '__proto__', 'toString', 'status ']);
      const v = randomValue(rng);
      setOwn(snap.execution, k, v);
      return `execution[${JSON.stringify(k)}] = ${JSON.stringify(v)}`;
    }
    case 15: {
      // reorder the top-level keys
      const entries = Object.keys(snap).map((k) => [k, snap[k]] as const);
      for (let i = entries.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
      }
      for (const k of Object.keys(snap)) delete snap[k];
      for (const [k, v] of entries) setOwn(snap, k, v);
      return `reorder top-level keys: ${entries.map(([k]) => k).join(',')}`;
    }
    default: {
      // steps as array of the entries
      if (!isObj(snap.steps)) return fieldMutation(rng, snap);
      snap.steps = Object.values(snap.steps);
      return 'steps = array of its entries';
    }
  }
}

/** A SerializedCause chain; sometimes with a message that cannot be converted to a string. */
export function causeChain(rng: Rng, depth: number, badAt?: number): { cause: Obj; desc: string } {
  const bad = badAt ?? (rng.chance(0.5) ? rng.int(depth) : -1);
  const badMessage = (): unknown => rng.pick<() => unknown>([() => ({ toString: 1 }), () => [{ toString: 1 }], () => ({ toString: 1, valueOf: 1 }), () => [[{ valueOf: 1, toString: null }]], () => ({ toString: {} })])();
  const okMessage = (): unknown => rng.pick<() => unknown>([() => 'm', () => 7, () => null, () => ({}), () => [1, 2], () => ({ valueOf: 1 }), () => true, () => [null, [null]]])();
  // innermost first
  let cause: Obj | undefined;
  for (let level = depth - 1; level >= 0; level--) {
    const c: Obj = { type: 'error', name: 'Error', message: level === bad ? badMessage() : okMessage() };
    if (rng.chance(0.1)) c.stack = rng.pick<unknown>(['s', { toString: 1 }, 0, null]);
    if (cause) c.cause = cause;
    else if (rng.chance(0.3)) c.cause = rng.pick<unknown>(['str', 0, '', [], { type: 'thrown', stringRepresentation: 'x', value: { toString: 1 } }, { type: 'foo' }, null]);
    cause = c;
  }
  return { cause: cause ?? { type: 'thrown', stringRepresentation: 'x' }, desc: `cause chain of depth ${depth}${bad >= 0 && bad < depth ? ` with an unconvertible message at level ${bad}` : ''}` };
}

/** Build a chain of `depth` error causes iteratively (no recursion): for very deep cases. */
export function deepCauseChain(depth: number, badInnermost: boolean): Obj {
  let cause: Obj = { type: 'error', name: 'E', message: badInnermost ? { toString: 1 } : 'innermost' };
  for (let i = 1; i < depth; i++) cause = { type: 'error', name: 'E', message: 'm', cause };
  return cause;
}

/** The same chain as text, built by concatenation (JSON.stringify would overflow the stack). */
export function deepCauseChainText(depth: number, badInnermost: boolean): string {
  const open = '{"type":"error","name":"E","message":"m","cause":';
  const inner = `{"type":"error","name":"E","message":${badInnermost ? '{"toString":1}' : '"innermost"'}}`;
  return open.repeat(depth - 1) + inner + '}'.repeat(depth - 1);
}

// ---------------------------------------------------------------------------------------------
// Resume-state mutations

const BAD_ENTRIES: ReadonlyArray<readonly [string, () => unknown]> = [
  ['string entry', () => 'ab'],
  ['one-char string entry', () => 'a'],
  ['empty string entry', () => ''],
  ['number entry', () => 5],
  ['null entry', () => null],
  ['true entry', () => true],
  ['empty array entry', () => []],
  ['[k]', () => ['k']],
  ['[k, null]', () => ['k', null]],
  ['[k, 0]', () => ['k', 0]],
  ['[k, "ok"]', () => ['k', 'ok']],
  ['[k, []]', () => ['k', []]],
  ['[k, [true]]', () => ['k', [true]]],
  ['[k, {}]', () => ['k', {}]],
  ['[k, {ok:false}]', () => ['k', { ok: false }]],
  ['[k, {ok:false, error:"E"}]', () => ['k', { ok: false, error: 'E' }]],
  ['[k, {ok:false, cause:null}]', () => ['k', { ok: false, cause: null }]],
  ['[k, {ok:0, cause:"str"}]', () => ['k', { ok: 0, cause: 'str' }]],
  ['[k, {ok:"", cause:0}]', () => ['k', { ok: '', cause: 0 }]],
  ['[k, {ok:null, cause:false}]', () => ['k', { ok: null, cause: false }]],
  ['[k, {ok:false, cause:[]}]', () => ['k', { ok: false, cause: [] }]],
  ['[k, {ok:"yes"}]', () => ['k', { ok: 'yes' }]],
  ['[k, {ok:1}]', () => ['k', { ok: 1 }]],
  ['[k, {ok:{}}]', () => ['k', { ok: {} }]],
  ['[k, {ok:[]}]', () => ['k', { ok: [] }]],
  ['[k, {ok:true}, extra]', () => ['k', { ok: true }, 'extra']],
  ['[null, {ok:true}]', () => [null, { ok: true }]],
  ['[{}, {ok:true}]', () => [{}, { ok: true }]],
  ['[1, {ok:true}]', () => [1, { ok: true }]],
  ['[[], {ok:false, cause:{type:"thrown"}}]', () => [[], { ok: false, error: 1, cause: { type: 'thrown' } }]],
  ['cause.type error, message {toString:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: { toString: 1 } } }]],
  ['cause.type error, message [{toString:1}]', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: [{ toString: 1 }] } }]],
  ['cause.type error, message {valueOf:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: { valueOf: 1 } } }]],
  ['cause.type error, message {toString:1,valueOf:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: { toString: 1, valueOf: 1 } } }]],
  ['cause.type error, message {}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: {} } }]],
  ['cause.type error, message null', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: null } }]],
  ['cause.type error, no message', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E' } }]],
  ['cause.type error, name {toString:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: { toString: 1 }, message: 'm' } }]],
  ['cause.type error, stack {toString:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: 'm', stack: { toString: 1 } } }]],
  ['cause.type thrown, value {toString:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'thrown', value: { toString: 1 }, stringRepresentation: 'x' } }]],
  ['cause.type {toString:1}', () => ['k', { ok: false, error: 'E', cause: { type: { toString: 1 }, message: { toString: 1 } } }]],
  ['cause.type "Error"', () => ['k', { ok: false, error: 'E', cause: { type: 'Error', message: { toString: 1 } } }]],
  ['inner cause message {toString:1}', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: 'm', cause: { type: 'error', name: 'F', message: { toString: 1 } } } }]],
  ['inner cause falsy-but-bad', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: 'm', cause: 0 } }]],
  ['meta null', () => ['k', { ok: false, error: 'E', cause: 'c', meta: null }]],
  ['meta origin throw', () => ['k', { ok: false, error: 'E', cause: { type: 'thrown', stringRepresentation: 's' }, meta: { origin: 'throw' } }]],
  ['meta 5', () => ['k', { ok: false, error: 'E', cause: { type: 'thrown', stringRepresentation: 's' }, meta: 5 }]],
  ['__proto__ key entry', () => ['__proto__', { ok: true, value: 1 }]],
  ['result with own __proto__', () => ['k', objOf([['__proto__', { ok: true }], ['cause', 'x']])]],
  ['result with own toString', () => ['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: 'm', toString: 1 } }]],
];

/** Mutate a resume state (clone) and describe it. */
export function resumeMutation(rng: Rng, state: Obj): string {
  const steps = state.steps;
  const r = rng.int(10);
  if (r === 0) {
    const v = rng.pick<() => unknown>([() => ({}), () => 'str', () => null, () => 1, () => objOf([['0', ['k', { ok: true }]]]), () => undefined])();
    if (v === undefined) {
      delete state.steps;
      return 'delete steps';
    }
    state.steps = v;
    return `steps = ${JSON.stringify(v)}`;
  }
  if (r === 1) {
    const v = rng.pick<unknown>(['resumestate', 'Resumestate', 'ResumeState ', '', null, 1, ['ResumeState'], { toString: 1 }, undefined]);
    if (v === undefined) delete state.kind;
    else state.kind = v;
    return v === undefined ? 'delete kind' : `kind = ${JSON.stringify(v)}`;
  }
  if (!Array.isArray(steps)) return 'unchanged';
  if (r === 2 && steps.length > 0) {
    // generic mutation inside one entry
    const i = rng.int(steps.length);
    const [next, desc] = treeMutation(rng, steps[i]);
    steps[i] = next;
    return `steps[${i}]: ${desc}`;
  }
  if (r === 3) {
    const chain = causeChain(rng, rng.pick([1, 2, 3, 8]));
    const meta = rng.chance(0.5) ? { origin: rng.pick(['throw', 'result', 'x']) } : undefined;
    const entry = ['k' + rng.int(5), meta ? { ok: false, error: randomValue(rng), cause: chain.cause, meta } : { ok: false, error: randomValue(rng), cause: chain.cause }];
    insertIndex(steps, rng.int(steps.length + 1), entry);
    return `insert failed entry with ${chain.desc}`;
  }
  if (r === 4 && steps.length > 0) {
    const i = rng.int(steps.length);
    const cut = rng.int(3);
    const e = steps[i];
    if (Array.isArray(e)) steps[i] = headOf(e, cut);
    return `truncate steps[${i}] to ${cut} elements`;
  }
  if (r === 5) {
    // duplicate keys
    if (steps.length > 0) {
      const i = rng.int(steps.length);
      steps.push(cloneJson(steps[i]));
      return `repeat steps[${i}] at the end`;
    }
  }
  const [desc, make] = rng.pick(BAD_ENTRIES);
  const at = rng.int(steps.length + 1);
  insertIndex(steps, at, make());
  return `insert ${desc} at steps[${at}]`;
}

// ---------------------------------------------------------------------------------------------
// Text-level variants of valid JSON (the text matters, the parsed value is ordinary JSON)

/** A JSON text variant of `value` whose parse is not simply `value`: duplicates, spellings, escapes. */
export function textVariant(rng: Rng, seed: SeedFile): { text: string; desc: string } | undefined {
  const text = JSON.stringify(seed.value, null, rng.pick([0, 2, '\t']));
  const r = rng.int(8);
  switch (r) {
    case 0: {
      // formatVersion spelled differently (all parse to 1, or to something else)
      const spelling = rng.pick(['1.0', '1e0', '1E0', '10e-1', '0.1e1', '1.00000000000000001', '-0', '1e-400', '0.99999999999999999', '100e-2']);
      if (!/"formatVersion":\s*1/.test(text)) return undefined;
      return { text: text.replace(/("formatVersion":\s*)1/, `$1${spelling}`), desc: `formatVersion spelled ${spelling}` };
    }
    case 1: {
      // a duplicate top-level key: JSON.parse keeps the last
      const k = rng.pick(['formatVersion', 'steps', 'execution', 'kind']);
      const v = JSON.stringify(randomValue(rng));
      const t = text.trimEnd();
      if (!t.endsWith('}')) return undefined;
      return { text: `${t.slice(0, -1).trimEnd()},\n"${k}": ${v}}`, desc: `duplicate key "${k}" = ${v} appended` };
    }
    case 2: {
      // duplicate key first, then the real one (JSON.parse keeps the real one)
      const k = rng.pick(['formatVersion', 'steps', 'execution', 'kind']);
      const v = JSON.stringify(randomValue(rng));
      const t = text.trimStart();
      if (!t.startsWith('{')) return undefined;
      return { text: `{"${k}": ${v},${t.slice(1)}`, desc: `duplicate key "${k}" = ${v} prepended` };
    }
    case 3: {
      // escaped key spellings
      const esc = rng.pick<[string, string]>([
        ['"formatVersion"', '"formatVers\\u0069on"'], ['"steps"', '"\\u0073teps"'], ['"execution"', '"exec\\u0075tion"'],
        ['"status"', '"st\\u0061tus"'], ['"ok"', '"\\u006fk"'], ['"cause"', '"c\\u0061use"'], ['"kind"', '"\\u006bind"'],
        ['"running"', '"runn\\u0069ng"'], ['"steps"', '"st\\u0065ps\\u0000"'], ['"ok"', '"o\\/k"'],
      ]);
      if (!text.includes(esc[0])) return undefined;
      return { text: text.replace(esc[0], esc[1]), desc: `${esc[0]} spelled ${esc[1]}` };
    }
    case 4: {
      // CRLF line ends, tabs, no whitespace
      const t = JSON.stringify(seed.value, null, 2).replace(/\n/g, rng.pick(['\r\n', '\n\n', ' \n\t']));
      return { text: t, desc: 'odd whitespace between tokens' };
    }
    case 5: {
      // a step key written as an escape
      if (!isObj(seed.value) || !isObj((seed.value as Obj).steps)) return undefined;
      const keys = Object.keys((seed.value as Obj).steps as Obj);
      if (!keys.length) return undefined;
      const k = rng.pick(keys);
      const escaped = `"${[...k].map((ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')).join('')}"`;
      const needle = `${JSON.stringify(k)}:`;
      if (!text.includes(needle)) return undefined;
      return { text: text.replace(needle, `${escaped}:`), desc: `step key ${JSON.stringify(k)} written with \\u escapes` };
    }
    case 6: {
      // a "__proto__" key in the text (JSON.parse makes it an own property)
      const t = text.trimStart();
      if (!t.startsWith('{')) return undefined;
      const v = JSON.stringify(rng.pick<unknown>([{ formatVersion: 1 }, null, 5, { steps: {} }, []]));
      return { text: `{"__proto__": ${v},${t.slice(1)}`, desc: `"__proto__": ${v} as first key` };
    }
    default: {
      // a duplicate step key inside steps
      const m = /"steps":\s*\{/.exec(text);
      if (!m) return undefined;
      const at = m.index + m[0].length;
      const v = JSON.stringify(rng.pick<unknown>([{ ok: 'bad' }, null, { ok: true }, 5]));
      const key = isObj(seed.value) && isObj((seed.value as Obj).steps) ? Object.keys((seed.value as Obj).steps as Obj)[0] : undefined;
      if (key === undefined) return undefined;
      return { text: `${text.slice(0, at)}${JSON.stringify(key)}: ${v},${text.slice(at)}`, desc: `step ${JSON.stringify(key)} written twice (first ${v})` };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Deep and huge values (text built by concatenation where JSON.stringify would overflow)

function deepOrHuge(rng: Rng, base: SeedFile): MutationCase {
  const r = rng.int(9);
  const validHead = '{"formatVersion":1,"execution":{"status":"running","lastUpdated":"2024-01-01T00:00:00.000Z"},"steps":{';
  switch (r) {
    case 0: {
      const depth = rng.pick([1000, 20000, 100000]);
      const text = `${validHead}"a":{"ok":true,"value":${'['.repeat(depth)}1${']'.repeat(depth)}}}}`;
      return { name: `deep: value nested in ${depth} arrays`, value: JSON.parse(text), text };
    }
    case 1: {
      const depth = rng.pick([1000, 20000, 100000]);
      const text = `${validHead}"a":{"ok":true,"value":${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}}},"metadata":${'{"m":'.repeat(depth)}null${'}'.repeat(depth)}}`;
      return { name: `deep: value and metadata nested in ${depth} objects`, value: JSON.parse(text), text };
    }
    case 2: {
      // deep cause chains in a snapshot step (validateSnapshot never looks at causes)
      const depth = rng.pick([100, 1001, 5000, 100000]);
      const bad = rng.chance(0.5);
      const text = `${validHead}"a":{"ok":false,"error":"E","cause":${deepCauseChainText(depth, bad)}}}}`;
      return { name: `deep: snapshot step with a cause chain of depth ${depth}${bad ? ', innermost message {"toString":1}' : ''}`, value: JSON.parse(text), text };
    }
    case 3: {
      // deep cause chains in a resume state: deserializeResumeState recurses (and throws on a bad message)
      const depth = rng.pick([999, 1000, 1001, 1002, 1500, 3000, 100000]);
      const bad = rng.chance(0.6);
      const text = `{"kind":"ResumeState","steps":[["a",{"ok":false,"error":"E","cause":${deepCauseChainText(depth, bad)}}]]}`;
      return { name: `deep: resume state with a cause chain of depth ${depth}${bad ? ', innermost message {"toString":1}' : ''}`, value: JSON.parse(text), text };
    }
    case 4: {
      const n = rng.pick([1_000_000, 3_000_000]);
      const text = `${validHead}"big":{"ok":true,"value":"${'x'.repeat(n)}"}}}`;
      return { name: `huge: a ${n}-char string value`, value: JSON.parse(text), text };
    }
    case 5: {
      const n = rng.pick([5000, 20000]);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(`"s${i}":${i % 1000 === 999 ? '{"ok":"x"}' : `{"ok":true,"value":${i}}`}`);
      const text = `${validHead}${parts.join(',')}}}`;
      return { name: `huge: ${n} steps (every 1000th has ok "x")`, value: JSON.parse(text), text };
    }
    case 6: {
      const n = rng.pick([100_000, 1_000_000]);
      const key = 'k'.repeat(n);
      const text = `${validHead}"${key}":{"ok":1}}}`;
      return { name: `huge: a step key of ${n} chars with ok 1`, value: JSON.parse(text), text };
    }
    case 7: {
      // message nested in arrays (Array.prototype.join recursion)
      const depth = rng.pick([100, 5000, 100000]);
      const text = `{"kind":"ResumeState","steps":[["a",{"ok":false,"error":"E","cause":{"type":"error","name":"E","message":${'['.repeat(depth)}{"toString":1}${']'.repeat(depth)}}}]]}`;
      return { name: `deep: resume cause message {"toString":1} nested in ${depth} arrays`, value: JSON.parse(text), text };
    }
    default: {
      const n = 2000;
      const entries: string[] = [];
      for (let i = 0; i < n; i++) entries.push(`["k${i % 50}",{"ok":${i % 97 === 3 ? 'false,"error":1,"cause":null' : 'true'}}]`);
      const text = `{"kind":"ResumeState","steps":[${entries.join(',')}]}`;
      void base;
      return { name: `huge: resume state with ${n} entries (duplicated keys, every 97th from 3 has cause null)`, value: JSON.parse(text), text };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Non-JSON inputs (object-level API only)

class SnapshotClass {
  formatVersion = 1;
  steps: Record<string, unknown> = { a: { ok: true, value: 1 } };
  execution = { status: 'running', lastUpdated: 'x' };
}
class GetterSnapshot {
  get formatVersion(): number {
    return 1;
  }
  get steps(): Record<string, unknown> {
    return { a: { ok: true } };
  }
  get execution(): Record<string, unknown> {
    return { status: 'completed', lastUpdated: 'y' };
  }
}
class StepResultClass {
  constructor(public ok: unknown) {}
}
class ErrorCause extends Error {
  type = 'error';
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<PropertyKey, unknown>)[k]);
  }
  return v;
}

type JsFactory = readonly [string, (base: Obj, rs: Obj) => unknown, boolean?];

/** Inputs JSON cannot express. The third element marks factories whose value must be rebuilt for each call. */
export const JS_FACTORIES: readonly JsFactory[] = [
  ['Object.create(validSnapshot)', (b) => Object.create(b)],
  ['Object.create(Object.create(validSnapshot))', (b) => Object.create(Object.create(b))],
  ['inherited formatVersion only', (b) => Object.assign(Object.create({ formatVersion: 1 }), { steps: b.steps, execution: b.execution })],
  ['inherited steps (not visited)', (b) => ({ formatVersion: 1, steps: Object.create({ bad: 5, worse: { ok: 'x' } }), execution: b.execution })],
  ['steps with inherited entries and an own bad one', () => ({ formatVersion: 1, steps: Object.assign(Object.create({ inh: null }), { own: null }), execution: { status: 'failed', lastUpdated: '' } })],
  ['inherited ok/error/cause in step', () => ({ formatVersion: 1, steps: { a: Object.create({ ok: false, error: 1, cause: 2 }) }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['inherited ok only in step', () => ({ formatVersion: 1, steps: { a: Object.create({ ok: false }) }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['execution fields inherited', () => ({ formatVersion: 1, steps: {}, execution: Object.create({ status: 'running', lastUpdated: 'x' }) })],
  ['Object.create(null) root', (b) => Object.assign(Object.create(null), b)],
  ['Object.create(null) steps and entries', () => {
    const steps = Object.create(null);
    steps.a = Object.assign(Object.create(null), { ok: false, error: null, cause: null });
    steps.b = Object.assign(Object.create(null), { ok: true });
    steps['__proto__'] = Object.assign(Object.create(null), { ok: 'no' });
    return { formatVersion: 1, steps, execution: Object.assign(Object.create(null), { status: 'running', lastUpdated: 'x' }) };
  }],
  ['Object.create(null) empty', () => Object.create(null)],
  ['frozen valid snapshot', (b) => deepFreeze(cloneJson(b))],
  ['frozen invalid snapshot', () => deepFreeze({ formatVersion: 2, steps: { a: { ok: 'x' } }, execution: null })],
  ['sealed steps', (b) => Object.seal(cloneJson(b))],
  ['class instance snapshot', () => new SnapshotClass()],
  ['class with prototype getters', () => new GetterSnapshot()],
  ['class instance step results', () => ({ formatVersion: 1, steps: { a: new StepResultClass(true), b: new StepResultClass('x'), c: new StepResultClass(false) }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['explicit undefined error and cause', () => ({ formatVersion: 1, steps: { a: { ok: false, error: undefined, cause: undefined } }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['explicit undefined fields everywhere', () => ({ formatVersion: undefined, steps: undefined, execution: undefined })],
  ['undefined step entry', () => ({ formatVersion: 1, steps: { a: undefined }, execution: { status: 'running', lastUpdated: undefined } })],
  ['Map as steps', () => ({ formatVersion: 1, steps: new Map([['a', { ok: 'x' }]]), execution: { status: 'running', lastUpdated: 'x' } })],
  ['Date as execution', () => ({ formatVersion: 1, steps: {}, execution: new Date(0) })],
  ['function as root', () => Object.assign(() => 1, { formatVersion: 1, steps: {}, execution: {} })],
  ['function as steps', () => ({ formatVersion: 1, steps: Object.assign(() => 1, { a: 1 }), execution: { status: 'running', lastUpdated: 'x' } })],
  ['function as execution', () => ({ formatVersion: 1, steps: {}, execution: () => 1 })],
  ['function as step entry', () => ({ formatVersion: 1, steps: { a: () => 1 }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['String object as steps', () => ({ formatVersion: 1, steps: new String('ab'), execution: { status: 'running', lastUpdated: 'x' } })],
  ['Number object formatVersion', () => ({ formatVersion: new Number(1), steps: {}, execution: { status: 'running', lastUpdated: 'x' } })],
  ['String object lastUpdated', () => ({ formatVersion: 1, steps: {}, execution: { status: 'running', lastUpdated: new String('x') } })],
  ['String object status', () => ({ formatVersion: 1, steps: {}, execution: { status: new String('running'), lastUpdated: 'x' } })],
  ['Symbol formatVersion', () => ({ formatVersion: Symbol('v'), steps: {}, execution: { status: 'running', lastUpdated: 'x' } })],
  ['BigInt formatVersion', () => ({ formatVersion: 1n, steps: {}, execution: { status: 'running', lastUpdated: 'x' } })],
  ['formatVersion object with throwing toString', () => ({ formatVersion: { toString() { throw new RangeError('toString boom'); } }, steps: {}, execution: {} })],
  ['formatVersion object with Symbol.toPrimitive', () => ({ formatVersion: { [Symbol.toPrimitive]: () => 'prim' }, steps: {}, execution: {} })],
  ['symbol-keyed step (ignored)', () => ({ formatVersion: 1, steps: { [Symbol('s')]: null, a: { ok: true } }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['non-enumerable bad step (ignored)', () => {
    const steps = { a: { ok: true } };
    Object.defineProperty(steps, 'hidden', { value: null, enumerable: false });
    return { formatVersion: 1, steps, execution: { status: 'running', lastUpdated: 'x' } };
  }],
  ['non-enumerable formatVersion', () => {
    const o = { steps: {}, execution: { status: 'running', lastUpdated: 'x' } };
    Object.defineProperty(o, 'formatVersion', { value: 1, enumerable: false });
    return o;
  }],
  ['getter formatVersion that throws', () => ({ get formatVersion(): number { throw new Error('getter boom'); }, steps: {}, execution: {} }), true],
  ['getter step entry that throws', () => ({ formatVersion: 1, steps: { get a(): unknown { throw new TypeError('step getter boom'); } }, execution: { status: 'running', lastUpdated: 'x' } }), true],
  ['getter counting reads of formatVersion', () => {
    let n = 0;
    return { get formatVersion(): number { n++; return n === 1 ? 1 : 2; }, steps: {}, execution: { status: 'running', lastUpdated: 'x' } };
  }, true],
  ['getter counting reads of steps', () => {
    let n = 0;
    return { formatVersion: 1, get steps(): unknown { n++; return n === 1 ? {} : null; }, execution: { status: 'running', lastUpdated: 'x' } };
  }, true],
  ['getter counting reads of execution', () => {
    let n = 0;
    return { formatVersion: 1, steps: {}, get execution(): unknown { n++; return n === 1 ? { status: 'running', lastUpdated: 'x' } : 5; } };
  }, true],
  ['getter counting reads of status', () => {
    let n = 0;
    return { formatVersion: 1, steps: {}, execution: { get status(): unknown { n++; return n === 1 ? 'running' : 'nope'; }, lastUpdated: 'x' } };
  }, true],
  ['getter counting reads of ok', () => {
    let n = 0;
    return { formatVersion: 1, steps: { a: { get ok(): unknown { n++; return n === 1 ? false : 'x'; } } }, execution: { status: 'running', lastUpdated: 'x' } };
  }, true],
  ['array root with snapshot fields', (b) => Object.assign([], b)],
  ['array steps with extra props', () => ({ formatVersion: 1, steps: Object.assign([{ ok: true }], { extra: null }), execution: { status: 'running', lastUpdated: 'x' } })],
  ['sparse array steps', () => ({ formatVersion: 1, steps: [, { ok: true }, , null], execution: { status: 'running', lastUpdated: 'x' } })], // eslint-disable-line no-sparse-arrays
  ['Error instance as cause', () => ({ formatVersion: 1, steps: { a: { ok: false, error: new Error('e'), cause: new ErrorCause('c') } }, execution: { status: 'running', lastUpdated: 'x' } })],
  ['cyclic snapshot', () => {
    const s: Obj = { formatVersion: 1, steps: {}, execution: { status: 'running', lastUpdated: 'x' } };
    (s.steps as Obj).self = s;
    s.metadata = s;
    return s;
  }],
  // resume states
  ['resume state: sparse steps array (holes)', () => ({ kind: 'ResumeState', steps: [, ['a', { ok: true }]] })], // eslint-disable-line no-sparse-arrays
  ['resume state: trailing hole', () => ({ kind: 'ResumeState', steps: [['a', { ok: true }], ,] })], // eslint-disable-line no-sparse-arrays
  ['resume state: new Array(1)', () => ({ kind: 'ResumeState', steps: new Array(1) })],
  ['resume state: entry with a hole for the result', () => ({ kind: 'ResumeState', steps: [['a', , 'x']] })], // eslint-disable-line no-sparse-arrays
  ['resume state: Set entry [k, {ok:true}]', () => ({ kind: 'ResumeState', steps: [new Set(['a', { ok: true }])] })],
  ['resume state: String object entry', () => ({ kind: 'ResumeState', steps: [new String('ab')] })],
  ['resume state: Map entry', () => ({ kind: 'ResumeState', steps: [new Map([['a', { ok: true }]])] })],
  ['resume state: array-like entry with iterator', () => ({ kind: 'ResumeState', steps: [{ 0: 'a', 1: { ok: true }, length: 2, [Symbol.iterator]: Array.prototype[Symbol.iterator] }] })],
  ['resume state: result is an array with ok', () => ({ kind: 'ResumeState', steps: [['a', Object.assign([], { ok: true })]] })],
  ['resume state: result is a function with ok', () => ({ kind: 'ResumeState', steps: [['a', Object.assign(() => 1, { ok: true })]] })],
  ['resume state: result is a Boolean object', () => ({ kind: 'ResumeState', steps: [['a', new Boolean(false)]] })],
  ['resume state: result with inherited ok', () => ({ kind: 'ResumeState', steps: [['a', Object.create({ ok: true })]] })],
  ['resume state: result with inherited cause', () => ({ kind: 'ResumeState', steps: [['a', Object.create({ ok: false, cause: 'x' })]] })],
  ['resume state: result with undefined cause', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: undefined }]] })],
  ['resume state: cause message Symbol', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: Symbol('m') } }]] })],
  ['resume state: cause message BigInt', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: 10n } }]] })],
  ['resume state: cause message with throwing toString', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: { toString() { throw new Error('msg boom'); } } } }]] })],
  ['resume state: cause message with Symbol.toPrimitive', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: { [Symbol.toPrimitive]: () => 'p' } } }]] })],
  ['resume state: cause message whose toPrimitive returns an object', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: { [Symbol.toPrimitive]: () => ({}) } } }]] })],
  ['resume state: cause message counts conversions', () => {
    let n = 0;
    return { kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: { toString(): string { n++; if (n > 1) throw new Error('second conversion'); return 'm'; } } } }]] };
  }, true],
  ['resume state: cause getter that throws', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, get cause(): unknown { throw new Error('cause getter'); } }]] }), true],
  ['resume state: cause stack setter-relevant value', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: { type: 'error', name: 'E', message: 'm', stack: Symbol('s') } }]] })],
  ['resume state: cause is an Error instance', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: Object.assign(new Error('x'), { type: 'error' }) }]] })],
  ['resume state: cyclic cause chain', () => {
    const c: Obj = { type: 'error', name: 'E', message: 'm' };
    c.cause = c;
    return { kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: c }]] };
  }],
  ['resume state: frozen', (_b, rs) => deepFreeze(cloneJson(rs))],
  ['resume state: Object.create(resumeState)', (_b, rs) => Object.create(rs)],
  ['resume state: Object.create(null) root', (_b, rs) => Object.assign(Object.create(null), cloneJson(rs))],
  ['resume state: steps is an Array subclass', () => {
    class Steps extends Array {}
    const s = new Steps();
    s.push(['a', { ok: true }]);
    return { kind: 'ResumeState', steps: s };
  }],
  ['resume state: deep cause chain (iterative build)', () => ({ kind: 'ResumeState', steps: [['a', { ok: false, error: 1, cause: deepCauseChain(1001, true) }]] })],
];

/** A tracing proxy around plain data, for checking that two implementations read the same things in the same order. */
export function tracingProxy<T>(target: T, log: string[], throwAt = -1, path = '$'): T {
  if (typeof target !== 'object' || target === null) return target;
  const note = (what: string): void => {
    log.push(what);
    if (log.length === throwAt) throw new Error(`trap #${throwAt}: ${what}`);
  };
  const key = (k: PropertyKey): string => (typeof k === 'symbol' ? k.toString() : JSON.stringify(k));
  return new Proxy(target as unknown as object, {
    get(t, k, r) {
      note(`get ${path}[${key(k)}]`);
      const v = Reflect.get(t, k, r);
      return typeof k === 'symbol' ? v : tracingProxy(v, log, throwAt, `${path}[${key(k)}]`);
    },
    has(t, k) {
      note(`has ${path}[${key(k)}]`);
      return Reflect.has(t, k);
    },
    ownKeys(t) {
      note(`ownKeys ${path}`);
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t, k) {
      note(`gopd ${path}[${key(k)}]`);
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
    getPrototypeOf(t) {
      note(`proto ${path}`);
      return Reflect.getPrototypeOf(t);
    },
  }) as T;
}

// ---------------------------------------------------------------------------------------------
// Byte-level text mutations (mostly invalid JSON)

export function mutateText(rng: Rng, text: string, times = 1 + rng.int(3)): { text: string; desc: string[] } {
  let t = text;
  const desc: string[] = [];
  const at = (): number => rng.int(t.length + 1);
  for (let i = 0; i < times; i++) {
    const op = rng.int(16);
    switch (op) {
      case 0: {
        const n = at();
        t = t.slice(0, n);
        desc.push(`truncate at ${n}`);
        break;
      }
      case 1: {
        const n = at();
        t = t.slice(0, n) + ',' + t.slice(n);
        desc.push(`insert "," at ${n}`);
        break;
      }
      case 2: {
        const n = at();
        const c = rng.pick(['/* c */', '// c\n', '/*', '//', '#x\n']);
        t = t.slice(0, n) + c + t.slice(n);
        desc.push(`insert ${JSON.stringify(c)} at ${n}`);
        break;
      }
      case 3:
        t = '\ufeff' + t;
        desc.push('prefix BOM');
        break;
      case 4: {
        if (!t.length) break;
        const n = rng.int(t.length);
        const c = rng.pick(['"', '{', '}', '[', ']', ':', ',', ' ', '\n', 'x', '0', '\\', '\u0000', '\t', 'é', '\ud800', "'", '\r', '\u2028', '-', '.', 'e', 'n', 't']);
        t = t.slice(0, n) + c + t.slice(n + 1);
        desc.push(`replace char ${n} with ${JSON.stringify(c)}`);
        break;
      }
      case 5: {
        if (!t.length) break;
        const n = rng.int(t.length);
        t = t.slice(0, n) + t.slice(n + 1);
        desc.push(`delete char ${n}`);
        break;
      }
      case 6: {
        const a = at();
        const b = Math.min(t.length, a + rng.int(40));
        const n = at();
        t = t.slice(0, n) + t.slice(a, b) + t.slice(n);
        desc.push(`copy [${a},${b}) to ${n}`);
        break;
      }
      case 7: {
        const g = rng.pick(['x', '}', ']', '{}', ' 1', '\n{"formatVersion":1}', '\u0000']);
        t = t + g;
        desc.push(`append ${JSON.stringify(g)}`);
        break;
      }
      case 8: {
        const n = at();
        const tok = rng.pick(['NaN', 'Infinity', 'undefined', '-', '01', '1.', '.5', '+1', '0x10', 'True', "'x'", '"\\x"', '"\\u12"', '"\t"']);
        t = t.slice(0, n) + tok + t.slice(n);
        desc.push(`insert ${JSON.stringify(tok)} at ${n}`);
        break;
      }
      case 9: {
        // control character inside a string
        const q = t.indexOf('"', rng.int(Math.max(1, t.length)));
        if (q < 0) break;
        const c = rng.pick(['\n', '\t', '\u0001', '\r']);
        t = t.slice(0, q + 1) + c + t.slice(q + 1);
        desc.push(`insert ${JSON.stringify(c)} after quote at ${q}`);
        break;
      }
      case 10:
        t = t.replace(/\n/g, '\r\n');
        desc.push('CRLF');
        break;
      case 11: {
        // drop a closing bracket
        const idx = Math.max(t.lastIndexOf('}'), t.lastIndexOf(']'));
        if (idx < 0) break;
        t = t.slice(0, idx) + t.slice(idx + 1);
        desc.push(`drop closing bracket at ${idx}`);
        break;
      }
      case 12: {
        // unescape a quote inside a string value
        const m = /"[^"\\\n]{2,}"/.exec(t.slice(at()));
        if (!m) break;
        const idx = t.indexOf(m[0]);
        t = t.slice(0, idx + 2) + '"' + t.slice(idx + 2);
        desc.push(`stray quote at ${idx + 2}`);
        break;
      }
      case 13:
        t = '';
        desc.push('empty text');
        break;
      case 14: {
        const n = at();
        const ws = rng.pick(['\u00a0', '\u2028', '\u000b', '\u000c', '\u3000']);
        t = t.slice(0, n) + ws + t.slice(n);
        desc.push(`insert non-JSON whitespace ${JSON.stringify(ws)} at ${n}`);
        break;
      }
      default: {
        // remove a comma
        const idx = t.indexOf(',', at());
        if (idx < 0) break;
        t = t.slice(0, idx) + t.slice(idx + 1);
        desc.push(`remove comma at ${idx}`);
        break;
      }
    }
  }
  return { text: t, desc };
}

// ---------------------------------------------------------------------------------------------
// Case generation

/** Cases that must always be covered (documented edge cases and past findings). */
export function pinnedCases(seeds: SeedFile[] = loadSeedFiles()): MutationCase[] {
  const snap = (snapshotSeeds(seeds)[0]?.value ?? { formatVersion: 1, steps: {}, execution: { status: 'running', lastUpdated: 'x' } }) as Obj;
  const base = (): Obj => cloneJson(snap);
  const with_ = (f: (s: Obj) => void): Obj => {
    const s = base();
    f(s);
    return s;
  };
  const cases: MutationCase[] = [
    { name: 'pinned: formatVersion "1"', value: with_((s) => (s.formatVersion = '1')) },
    { name: 'pinned: formatVersion {"toString":1}', value: with_((s) => (s.formatVersion = { toString: 1 })) },
    { name: 'pinned: formatVersion [{"toString":1}]', value: with_((s) => (s.formatVersion = [{ toString: 1 }])) },
    { name: 'pinned: formatVersion {"valueOf":1}', value: with_((s) => (s.formatVersion = { valueOf: 1 })) },
    { name: 'pinned: execution null (looksLike true, validate false)', value: with_((s) => (s.execution = null)) },
    { name: 'pinned: steps array', value: with_((s) => (s.steps = [{ ok: true }, null])) },
    { name: 'pinned: empty object', value: {} },
    { name: 'pinned: null', value: null },
    { name: 'pinned: array root', value: [] },
    { name: 'pinned: array root holding the snapshot', value: [base()] },
    { name: 'pinned: string root', value: 'snapshot' },
    { name: 'pinned: number root', value: 1 },
    { name: 'pinned: true root', value: true },
    { name: 'pinned: JSON "__proto__" step key with value 5', value: JSON.parse('{"formatVersion":1,"steps":{"__proto__":5},"execution":{"status":"running","lastUpdated":"x"}}'), text: '{"formatVersion":1,"steps":{"__proto__":5},"execution":{"status":"running","lastUpdated":"x"}}' },
    { name: 'pinned: JSON "__proto__" root key holding formatVersion', value: JSON.parse('{"__proto__":{"formatVersion":1},"steps":{},"execution":{"status":"running","lastUpdated":"x"}}'), text: '{"__proto__":{"formatVersion":1},"steps":{},"execution":{"status":"running","lastUpdated":"x"}}' },
    { name: 'pinned: error undefined-equivalent (absent) and cause null', value: { formatVersion: 1, steps: { a: { ok: false, cause: null } }, execution: { status: 'running', lastUpdated: 'x' } } },
    { name: 'pinned: ok "yes"', value: { formatVersion: 1, steps: { a: { ok: 'yes' } }, execution: { status: 'running', lastUpdated: 'x' } } },
    { name: 'pinned: numeric step keys reorder', value: objOf([['formatVersion', 1], ['steps', objOf([['b', null], ['10', 1], ['-1', 'x'], ['0', []], ['01', { ok: 0 }]])], ['execution', { status: 'nope', lastUpdated: 1 }]]) },
    { name: 'pinned: empty-string and unicode step keys', value: objOf([['formatVersion', 1], ['steps', objOf([['', 1], ['😀', { ok: null }], ['\ud800', { ok: false }], ['a"b', 'x']])], ['execution', {}]]) },
    { name: 'pinned: resume state [k, {ok:false, cause:null}]', value: { kind: 'ResumeState', steps: [['k', { ok: false, cause: null }]] } },
    { name: 'pinned: resume state cause message {"toString":1}', value: { kind: 'ResumeState', steps: [['k', { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: { toString: 1 } } }]] } },
    { name: 'pinned: resume state steps {}', value: { kind: 'ResumeState', steps: {} } },
    { name: 'pinned: resume state entries string/number/[]', value: { kind: 'ResumeState', steps: ['ab', 5, []] } },
    { name: 'pinned: resume state with formatVersion too', value: { kind: 'ResumeState', formatVersion: 1, steps: [], execution: { status: 'running', lastUpdated: 'x' } } },
  ];
  for (const depth of [1000, 1001, 1500, 3000]) {
    const text = `{"kind":"ResumeState","steps":[["a",{"ok":false,"error":"E","cause":${deepCauseChainText(depth, true)}}]]}`;
    cases.push({ name: `pinned: resume state, cause chain of depth ${depth}, innermost message {"toString":1}`, value: JSON.parse(text), text });
  }
  {
    const text = `{"kind":"ResumeState","steps":[["a",{"ok":false,"error":"E","cause":${deepCauseChainText(100000, false)}}]]}`;
    cases.push({ name: 'pinned: resume state, cause chain of depth 100000 (deserializeResumeState overflows the stack)', value: JSON.parse(text), text });
  }
  return cases;
}

export interface GenerateOptions {
  /** Share of non-JSON (object-level only) cases; default 0.08. */
  jsShare?: number;
  /** Share of deep/huge cases; default 0.01. */
  hugeShare?: number;
  seeds?: SeedFile[];
}

/** `count` cases for `seed`, deterministic. Case i depends only on (seed, i). */
export function generateCases(seed: number, count: number, options: GenerateOptions = {}): MutationCase[] {
  const out: MutationCase[] = [];
  for (let i = 0; i < count; i++) out.push(generateCase(seed, i, options));
  return out;
}

/** The i-th case for a seed. */
export function generateCase(seed: number, i: number, options: GenerateOptions = {}): MutationCase {
  const seeds = options.seeds ?? loadSeedFiles();
  const rng = new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const snaps = snapshotSeeds(seeds);
  const resumes = resumeSeeds(seeds);
  const jsShare = options.jsShare ?? 0.08;
  const hugeShare = options.hugeShare ?? 0.01;
  const tag = `#${i}`;

  const r = rng.float();
  if (r < jsShare) {
    const [desc, factory, stateful] = rng.pick(JS_FACTORIES);
    const baseSeed = rng.pick(snaps);
    const rsSeed = resumes.length ? rng.pick(resumes) : { value: { kind: 'ResumeState', steps: [] } };
    const make = (): unknown => factory(cloneJson(baseSeed.value) as Obj, cloneJson(rsSeed.value) as Obj);
    const value = make();
    return { name: `${tag} js: ${desc} (base ${baseSeed.name})`, value, js: true, ...(stateful ? { make } : {}) };
  }
  if (r < jsShare + hugeShare) {
    const c = deepOrHuge(rng, rng.pick(seeds));
    return { ...c, name: `${tag} ${c.name}` };
  }
  const family = rng.weighted<string>([
    [30, 'field'],
    [25, 'tree'],
    [20, 'resume'],
    [8, 'text'],
    [5, 'root'],
    [7, 'mixed'],
  ]);
  if (family === 'resume' && resumes.length) {
    const s = rng.pick(resumes);
    const v = cloneJson(s.value) as Obj;
    const n = 1 + rng.int(3);
    const ops: string[] = [];
    for (let k = 0; k < n; k++) ops.push(resumeMutation(rng, v));
    return { name: `${tag} resume ${s.name}: ${ops.join('; ')}`, value: v };
  }
  if (family === 'text') {
    const s = rng.pick(seeds);
    const tv = textVariant(rng, s);
    if (tv) return { name: `${tag} text ${s.name}: ${tv.desc}`, value: JSON.parse(tv.text), text: tv.text };
  }
  if (family === 'root') {
    const s = rng.pick(seeds);
    const k = rng.int(7);
    const value =
      k === 0 ? [cloneJson(s.value)] :
      k === 1 ? randomValue(rng) :
      k === 2 ? Object.values(cloneJson(s.value) as Obj) :
      k === 3 ? { snapshot: cloneJson(s.value) } :
      k === 4 ? rng.pick<unknown>([null, 0, 1, '', 'x', true, false, [], {}, [[]], -0, 1e308]) :
      k === 5 ? Object.fromEntries(Object.keys(cloneJson(s.value) as Obj).map((key) => [key, null])) :
      { formatVersion: 1, steps: {}, execution: { status: 'running', lastUpdated: 'x' } };
    return { name: `${tag} root from ${s.name}: variant ${k} = ${JSON.stringify(value)?.slice(0, 100)}`, value };
  }
  const s = rng.pick(family === 'mixed' ? seeds : snaps);
  let v = cloneJson(s.value);
  const n = 1 + rng.int(family === 'mixed' ? 5 : 3);
  const ops: string[] = [];
  for (let k = 0; k < n; k++) {
    const useField = family === 'field' || (family === 'mixed' && rng.chance(0.5));
    if (useField && isObj(v)) ops.push(fieldMutation(rng, v));
    else {
      const [next, desc] = treeMutation(rng, v);
      v = next;
      ops.push(desc);
    }
  }
  return { name: `${tag} ${family} ${s.name}: ${ops.join('; ')}`, value: v };
}

/** Every non-JSON factory once, built from the first snapshot and resume-state seeds. */
export function jsCases(seeds: SeedFile[] = loadSeedFiles()): MutationCase[] {
  const snap = snapshotSeeds(seeds)[0]!;
  const rs = resumeSeeds(seeds)[0] ?? { name: 'empty', value: { kind: 'ResumeState', steps: [] } };
  return JS_FACTORIES.map(([desc, factory, stateful]) => {
    const make = (): unknown => factory(cloneJson(snap.value) as Obj, cloneJson(rs.value) as Obj);
    return { name: `js: ${desc} (base ${snap.name})`, value: make(), js: true, ...(stateful ? { make } : {}) };
  });
}
