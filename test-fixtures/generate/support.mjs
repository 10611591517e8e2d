// Helpers of generate.mjs: outcome checks, a recording SnapshotStore, awaitly's own verdicts, manifest entries.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function expect(condition, message, detail) {
  if (!condition) {
    const extra = detail === undefined ? '' : `\n  got: ${JSON.stringify(detail, replacer)}`;
    throw new Error(`unexpected outcome: ${message}${extra}`);
  }
}
function replacer(_key, value) {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
export const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);
export const roundTrip = (x) => JSON.parse(JSON.stringify(x));

/** Version of the package a specifier resolves to ('awaitly/package.json' is not exported: walk up from the entry). */
export function packageVersion(specifier) {
  let dir = dirname(fileURLToPath(import.meta.resolve(specifier)));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== 'awaitly') {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${specifier}`);
    dir = parent;
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/** In-memory SnapshotStore that records every operation and a JSON round-tripped copy of every save. */
export function recordingStore(initial = {}) {
  const data = new Map(Object.entries(initial));
  const saves = [];
  const ops = [];
  return {
    data,
    saves,
    ops,
    async save(id, snapshot) {
      ops.push(`save:${id}`);
      saves.push({ id, snapshot: roundTrip(snapshot) });
      data.set(id, snapshot);
    },
    async load(id) {
      ops.push(`load:${id}`);
      return data.get(id) ?? null;
    },
    async delete(id) {
      ops.push(`delete:${id}`);
      data.delete(id);
    },
    async list() {
      return [...data.keys()].map((id) => ({ id, updatedAt: new Date().toISOString() }));
    },
    async close() {},
  };
}
export const lastSave = (store, id) => [...store.saves].reverse().find((s) => s.id === id)?.snapshot;
export const stored = (store, id) => (store.data.has(id) ? roundTrip(store.data.get(id)) : undefined);

/** What one awaitly line (rt, see runtimes.mjs) says about a parsed JSON value. */
export function snapshotVerdict(rt, parsed) {
  const v = rt.validateSnapshot(parsed);
  return {
    validateSnapshot: v.valid ? { valid: true } : { valid: false, errors: v.errors },
    looksLikeWorkflowSnapshot: rt.looksLikeWorkflowSnapshot(parsed),
  };
}
export function resumeStateVerdict(rt, parsed) {
  let accepted = false;
  let steps = 0;
  let error;
  try {
    const state = rt.deserializeResumeState(parsed);
    accepted = rt.isSerializedResumeState(parsed) && state.steps instanceof Map && state.steps.size === parsed.steps.length;
    steps = state.steps.size;
  } catch (e) {
    error = String(e);
  }
  return {
    isSerializedResumeState: rt.isSerializedResumeState(parsed),
    deserializeResumeState: error ? { accepted: false, error } : { accepted, steps },
  };
}

export function cleanJsonFiles(dir) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) rmSync(join(dir, name));
}

/**
 * A folder of fixtures written by one awaitly line, with its manifest list. `write` stores a value as
 * JSON.stringify(x, null, 2); `writeText` stores a given text (for files JSON.stringify cannot produce).
 * Each file is recorded with the verdict of EVERY line in `judges` (awaitly's own validators).
 */
export function fixtureFolder(dir, judges) {
  const entries = [];
  const record = (file, text, entry) => {
    writeFileSync(join(dir, file), text);
    const parsed = JSON.parse(text);
    const kind = entry.kind ?? (parsed && parsed.kind === 'ResumeState' ? 'SerializedResumeState' : 'WorkflowSnapshot');
    const verdicts = Object.fromEntries(
      judges.map((rt) => [rt.version, kind === 'SerializedResumeState' ? resumeStateVerdict(rt, parsed) : snapshotVerdict(rt, parsed)]),
    );
    const derived = Boolean(entry.source?.derivedFrom);
    entries.push({ file, kind, derived, description: entry.description, source: entry.source, awaitly: verdicts, ...(entry.observed ? { observed: entry.observed } : {}) });
    if (entry.expectValid !== undefined) {
      for (const [version, a] of Object.entries(verdicts)) {
        const valid = kind === 'SerializedResumeState' ? a.deserializeResumeState.accepted : a.validateSnapshot.valid;
        expect(valid === entry.expectValid, `${file}: awaitly ${version} validity should be ${entry.expectValid}`, a);
      }
    }
    return parsed;
  };
  return {
    dir,
    entries,
    write: (file, value, entry) => record(file, JSON.stringify(value, null, 2) + '\n', entry),
    writeText: (file, text, entry) => record(file, text, entry),
  };
}
