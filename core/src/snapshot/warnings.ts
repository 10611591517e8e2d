// Checks beyond awaitly's validator. Each has its own code and never changes the verdict: awaitly
// accepts these snapshots, but resuming from them loses data or behaves in a way nobody intended.
import type { JsonPath } from './pointer';
import type { Finding } from './findings';
import { toStringThrows } from './resumeState';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
};

// What Date.prototype.toISOString writes, and the offsets ISO 8601 allows.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * One of PROTOTYPE_KEYS. Their length first: each has 9 or more characters and most keys fewer, and this runs for
 * every step key and top-level key of every file (a Set lookup hashes the key).
 */
function isPrototypeKey(key: string): boolean {
  return key.length >= 9 && PROTOTYPE_KEYS.has(key);
}

export function isIsoTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** Shape of a SerializedCause for its `type`; awaitly restores whatever is there. */
export function checkCause(cause: unknown, path: JsonPath, out: Finding[], depth = 0): void {
  const bad = (message: string, at: JsonPath = path): void => {
    out.push({ code: 'invalid-cause-shape', severity: 'warning', message, path: at });
  };
  if (!isObject(cause)) {
    bad(`cause should be a SerializedCause object ({ type: "error" | "thrown", ... }), got ${show(cause)}; on resume it is replayed as ${cause === null ? 'a crash reading cause.type' : 'an undefined cause'}`);
    return;
  }
  if (cause.type === 'error') {
    if (typeof cause.name !== 'string') bad('error cause needs a string "name"', own(cause, 'name') ? [...path, 'name'] : path);
    if (typeof cause.message !== 'string') {
      const throws = cause.message !== undefined && toStringThrows(cause.message);
      bad(
        throws
          ? 'error cause "message" cannot be converted to a string: restoring this step throws a TypeError'
          : 'error cause needs a string "message"',
        own(cause, 'message') ? [...path, 'message'] : path,
      );
    }
    if (own(cause, 'stack') && typeof cause.stack !== 'string') bad('error cause "stack" should be a string', [...path, 'stack']);
    if (own(cause, 'cause') && cause.cause !== undefined && depth < 64) checkCause(cause.cause, [...path, 'cause'], out, depth + 1);
  } else if (cause.type === 'thrown') {
    if (typeof cause.stringRepresentation !== 'string') {
      bad('thrown cause needs a string "stringRepresentation"', own(cause, 'stringRepresentation') ? [...path, 'stringRepresentation'] : path);
    }
    if (own(cause, 'originalType') && typeof cause.originalType !== 'string') bad('thrown cause "originalType" should be a string', [...path, 'originalType']);
    if (own(cause, 'truncated') && cause.truncated !== true) bad('thrown cause "truncated" is either absent or true', [...path, 'truncated']);
  } else {
    bad(
      `cause.type should be "error" or "thrown", got ${show(cause.type)}; awaitly restores it as ${own(cause, 'value') ? 'its "value"' : 'its "stringRepresentation"'}`,
      own(cause, 'type') ? [...path, 'type'] : path,
    );
  }
}

/**
 * The per-step warnings, for one entry of `steps`. Called from the structural pass's step loop when
 * analysing text (one loop over a 100k-key object instead of two); allocates nothing for a clean step.
 */
export function checkStepBeyondAwaitly(key: string, value: unknown, out: Finding[]): void {
  if (isPrototypeKey(key)) {
    out.push({ code: 'prototype-key', severity: 'warning', message: `step key "${key}" is an own property after JSON.parse, but a store or tool that copies steps with plain assignment sets the prototype instead and loses this entry`, path: ['steps', key], target: 'key' });
  }
  if (typeof value !== 'object' || value === null) return;
  const entry = value as Obj;
  if (entry.ok === true) {
    if (!('value' in entry)) {
      out.push({ code: 'missing-step-value', severity: 'info', message: `steps["${key}"] succeeded without a value: resuming returns undefined for it (awaitly drops undefined values when the snapshot is saved as JSON)`, path: ['steps', key] });
    }
    return;
  }
  if (entry.ok !== false) return;
  if (own(entry, 'cause')) checkCause(entry.cause, ['steps', key, 'cause'], out);
  if (own(entry, 'meta')) {
    const meta = entry.meta;
    if (!isObject(meta) || (meta.origin !== 'result' && meta.origin !== 'throw')) {
      out.push({ code: 'invalid-step-meta', severity: 'warning', message: `steps["${key}"].meta should be { origin: "result" | "throw" }, got ${show(meta)}`, path: isObject(meta) && own(meta, 'origin') ? ['steps', key, 'meta', 'origin'] : ['steps', key, 'meta'] });
    }
  }
}

export interface BeyondOptions {
  /** The caller already ran checkStepBeyondAwaitly on every step (and knows the last key). */
  stepsChecked?: boolean;
  lastStepKey?: string;
}

/** Warnings and infos for a parsed snapshot (a value that looked like one). */
export function checkSnapshotBeyondAwaitly(snapshot: Obj, options: BeyondOptions = {}, out: Finding[] = []): Finding[] {

  // for-in, not Object.keys: no array per file (10,000-file runs), and parsed JSON has no inherited keys.
  for (const key in snapshot) {
    if (isPrototypeKey(key)) {
      out.push({ code: 'prototype-key', severity: 'warning', message: `top-level key "${key}" is an own property after JSON.parse, but code that copies it with assignment changes the prototype instead`, path: [key], target: 'key' });
    }
  }
  if (own(snapshot, 'workflowName') && typeof snapshot.workflowName !== 'string') {
    out.push({ code: 'invalid-optional-field', severity: 'warning', message: `workflowName should be a string, got ${show(snapshot.workflowName)}`, path: ['workflowName'] });
  }

  const steps = snapshot.steps;
  if (Array.isArray(steps)) {
    out.push({ code: 'steps-is-array', severity: 'warning', message: 'steps is an array; awaitly accepts it, but restores its entries under the keys "0", "1", ..., which no step id produces', path: ['steps'] });
  }
  let lastKey: string | undefined;
  if (options.stepsChecked) lastKey = options.lastStepKey;
  else if (typeof steps === 'object' && steps !== null) {
    // for-in, not Object.keys: parsed JSON has no inherited keys, and 100k-step files are common.
    for (const key in steps) {
      lastKey = key;
      checkStepBeyondAwaitly(key, (steps as Obj)[key], out);
    }
  }

  const execution = snapshot.execution;
  if (isObject(execution)) {
    // Each field by its own call, not a loop over a list of names: this runs once per file, mostly cold.
    checkTimestamp(execution, 'lastUpdated', out);
    checkTimestamp(execution, 'completedAt', out);
    checkOptionalString(execution, 'execution', 'completedAt', out);
    checkOptionalString(execution, 'execution', 'currentStepId', out);
    const current = execution.currentStepId;
    if (typeof current === 'string' && typeof steps === 'object' && steps !== null && !own(steps, current)) {
      out.push({ code: 'unknown-current-step', severity: 'warning', message: `execution.currentStepId "${current}" is not among the steps`, path: ['execution', 'currentStepId'] });
    }
    if (execution.status === 'completed' && lastKey !== undefined) {
      const last = (steps as Obj)[lastKey];
      if (isObject(last) && last.ok === false) {
        out.push({
          code: 'completed-with-failed-step',
          severity: 'warning',
          message: `execution.status is "completed" but the last step "${lastKey}" failed`,
          path: ['execution', 'status'],
          related: [{ path: ['steps', lastKey], message: `failed step "${lastKey}"`, target: 'key' }],
        });
      }
    }
  }

  const metadata = snapshot.metadata;
  if (own(snapshot, 'metadata') && metadata !== undefined) {
    if (!isObject(metadata)) {
      out.push({ code: 'invalid-optional-field', severity: 'warning', message: `metadata should be an object, got ${show(metadata)}`, path: ['metadata'] });
    } else {
      for (const key in metadata) {
        if (isPrototypeKey(key)) {
          out.push({ code: 'prototype-key', severity: 'warning', message: `metadata key "${key}": awaitly merges metadata with object spread, and a tool that copies it by assignment changes the prototype instead`, path: ['metadata', key], target: 'key' });
        }
      }
      if (own(metadata, 'version') && typeof metadata.version !== 'number') {
        out.push({ code: 'invalid-optional-field', severity: 'warning', message: `metadata.version is ${show(metadata.version)}, not a number: durable.run treats it as version 1`, path: ['metadata', 'version'] });
      }
      checkOptionalString(metadata, 'metadata', 'workflowId', out);
      checkOptionalString(metadata, 'metadata', 'definitionHash', out);
    }
  }

  const warnings = snapshot.warnings;
  if (own(snapshot, 'warnings') && warnings !== undefined) {
    if (!Array.isArray(warnings)) {
      out.push({ code: 'invalid-optional-field', severity: 'warning', message: `warnings should be an array, got ${show(warnings)}; mergeSnapshots throws on it`, path: ['warnings'] });
    } else {
      warnings.forEach((w, i) => {
        const path = ['warnings', i];
        if (!isObject(w)) {
          out.push({ code: 'invalid-optional-field', severity: 'warning', message: `warnings[${i}] should be an object, got ${show(w)}`, path });
          return;
        }
        if (w.type !== 'lossy_value' || typeof w.path !== 'string' || !['non-json', 'circular', 'encode-failed'].includes(w.reason as string)) {
          out.push({ code: 'invalid-optional-field', severity: 'warning', message: `warnings[${i}] should be { type: "lossy_value", stepId, path, reason: "non-json" | "circular" | "encode-failed" }`, path });
        }
        if (typeof w.stepId === 'string' && typeof steps === 'object' && steps !== null && !own(steps, w.stepId)) {
          out.push({ code: 'warning-unknown-step', severity: 'warning', message: `warnings[${i}] refers to step "${w.stepId}", which is not in steps`, path: [...path, 'stepId'] });
        }
      });
    }
  }
  return out;
}

function checkTimestamp(execution: Obj, field: 'lastUpdated' | 'completedAt', out: Finding[]): void {
  const v = execution[field];
  if (typeof v === 'string' && !isIsoTimestamp(v)) {
    out.push({ code: 'non-iso-timestamp', severity: 'warning', message: `execution.${field} ${show(v)} is not an ISO 8601 timestamp (as toISOString() writes)`, path: ['execution', field] });
  }
}

/** `o` is the snapshot's `parent` member; its `field`, when present, should be a string. */
function checkOptionalString(o: Obj, parent: 'execution' | 'metadata', field: string, out: Finding[]): void {
  if (own(o, field) && typeof o[field] !== 'string') {
    out.push({ code: 'invalid-optional-field', severity: 'warning', message: `${parent}.${field} should be a string, got ${show(o[field])}`, path: [parent, field] });
  }
}

/** Warnings for a serialized resume state beyond what deserializeResumeState rejects. */
export function checkResumeStateBeyondAwaitly(state: { steps: unknown[] }): Finding[] {
  const out: Finding[] = [];
  const firstIndex = new Map<string, number>();
  state.steps.forEach((entry, i) => {
    if (!Array.isArray(entry)) return;
    const [key, result] = entry as [unknown, unknown];
    const path = ['steps', i];
    if (typeof key !== 'string') {
      out.push({ code: 'invalid-resume-state-key', severity: 'warning', message: `steps[${i}] has key ${show(key)}; step keys are strings, so no step ever reads this entry`, path: [...path, 0] });
    } else {
      const prior = firstIndex.get(key);
      if (prior !== undefined) {
        out.push({
          code: 'duplicate-resume-step',
          severity: 'warning',
          message: `step key "${key}" appears again at steps[${i}]: deserializeResumeState keeps only this last entry`,
          path: [...path, 0],
          related: [{ path: ['steps', prior, 0], message: `first entry for "${key}"` }],
        });
      } else firstIndex.set(key, i);
    }
    if (!isObject(result)) return;
    if (typeof result.ok !== 'boolean') {
      out.push({ code: 'invalid-step-ok', severity: 'warning', message: `steps[${i}] result "ok" should be a boolean, got ${show(result.ok)}; awaitly treats any truthy value as success`, path: own(result, 'ok') ? [...path, 1, 'ok'] : [...path, 1] });
    }
    if (result.ok === false && result.cause !== undefined && result.cause !== null) checkCause(result.cause, [...path, 1, 'cause'], out);
  });
  return out;
}
