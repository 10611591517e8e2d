// Compares a lock file with the current code and explains each change, classified for snapshots that are
// in flight: safe (e.g. a step appended at the end) or breaking (reorder, removal, re-key, new result type).
import type { StepSignature } from './definition-hash';
import type { LockFile, LockWorkflow } from './lock';

export type ChangeKind = 'step-added' | 'step-removed' | 'step-reordered' | 'key-changed' | 'result-type-changed' | 'kind-changed' | 'shape-changed';

export interface StepChange {
  kind: ChangeKind;
  classification: 'safe' | 'breaking';
  message: string;
  /** Step index in the new code (or in the lock for removed steps). */
  index: number;
  before?: string;
  after?: string;
}

export interface WorkflowDiff {
  workflow: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  classification: 'none' | 'safe' | 'breaking';
  oldHash?: string;
  newHash?: string;
  changes: StepChange[];
}

export interface LockDiff {
  workflows: WorkflowDiff[];
  breaking: boolean;
}

const identity = (s: StepSignature) => (s.key ? `key:${s.key}` : `${s.kind}:${s.id}`);
const label = (s: StepSignature) => (s.key && s.key !== s.id ? `'${s.id}' (key ${s.key})` : `'${s.id}'`);

/** Longest common subsequence of identities: the steps that kept their relative order. */
function lcs(a: string[], b: string[]): Set<number> {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) {
    dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  }
  const keptNew = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) { keptNew.add(j); i++; j++; } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) i++; else j++;
  }
  return keptNew;
}

export function diffWorkflow(name: string, before: LockWorkflow | undefined, after: LockWorkflow | undefined): WorkflowDiff {
  if (!before) return { workflow: name, status: 'added', classification: 'safe', newHash: after!.hash, changes: [] };
  if (!after) return { workflow: name, status: 'removed', classification: 'breaking', oldHash: before.hash, changes: [] };
  const base = { workflow: name, oldHash: before.hash, newHash: after.hash };
  if (before.hash === after.hash) return { ...base, status: 'unchanged', classification: 'none', changes: [] };

  const changes: StepChange[] = [];
  const oldIds = before.steps.map(identity);
  const newIds = after.steps.map(identity);
  const matchedOld = new Map<number, number>(); // new index -> old index
  const usedOld = new Set<number>();
  newIds.forEach((id, j) => {
    const i = oldIds.findIndex((x, k) => x === id && !usedOld.has(k));
    if (i >= 0) { matchedOld.set(j, i); usedOld.add(i); }
  });
  // Same kind and id under a different key: a re-keyed step, not a removal plus an addition.
  after.steps.forEach((s, j) => {
    if (matchedOld.has(j)) return;
    const i = before.steps.findIndex((o, k) => !usedOld.has(k) && o.kind === s.kind && o.id === s.id);
    if (i < 0) return;
    matchedOld.set(j, i);
    usedOld.add(i);
    const o = before.steps[i]!;
    changes.push({ kind: 'key-changed', classification: 'breaking', index: j, before: o.key, after: s.key,
      message: `step '${s.id}': key changed from ${o.key ? `'${o.key}'` : '(not cached)'} to ${s.key ? `'${s.key}'` : '(not cached)'}; saved results under the old key are no longer found` });
  });

  const lastOldMatched = Math.max(-1, ...[...matchedOld.keys()]);
  after.steps.forEach((s, j) => {
    if (matchedOld.has(j)) return;
    const appended = j > lastOldMatched;
    changes.push({ kind: 'step-added', classification: appended ? 'safe' : 'breaking', index: j, after: s.key || s.id,
      message: appended ? `step ${label(s)} added at the end` : `step ${label(s)} inserted before existing steps (changes the step order)` });
  });
  before.steps.forEach((o, i) => {
    if (!usedOld.has(i)) changes.push({ kind: 'step-removed', classification: 'breaking', index: i, before: o.key || o.id, message: `step ${label(o)} removed` });
  });

  const pairs = [...matchedOld.entries()].sort((x, y) => x[0] - y[0]);
  // Positions (in new order) of the matched steps that kept their relative order; the others moved.
  const kept = lcs([...pairs].sort((x, y) => x[1] - y[1]).map(([, i]) => String(i)), pairs.map(([, i]) => String(i)));
  pairs.forEach(([j, i], n) => {
    const o = before.steps[i]!;
    const s = after.steps[j]!;
    if (!kept.has(n)) changes.push({ kind: 'step-reordered', classification: 'breaking', index: j, message: `step ${label(s)} moved (position ${i + 1} → ${j + 1})` });
    if (o.kind !== s.kind) changes.push({ kind: 'kind-changed', classification: o.restore === s.restore ? 'safe' : 'breaking', index: j, before: o.kind, after: s.kind, message: `step ${label(s)}: kind changed from ${o.kind} to ${s.kind}` });
    if (o.result !== s.result) changes.push({ kind: 'result-type-changed', classification: 'breaking', index: j, before: o.result, after: s.result, message: `step ${label(s)}: result type changed from ${o.result} to ${s.result}; cached values have the old shape` });
    if (o.shape.join('/') !== s.shape.join('/')) changes.push({ kind: 'shape-changed', classification: 'safe', index: j, before: o.shape.join(' > '), after: s.shape.join(' > '), message: `step ${label(s)}: enclosing control flow changed (${o.shape.join(' > ') || 'top level'} → ${s.shape.join(' > ') || 'top level'})` });
  });
  changes.sort((x, y) => x.index - y.index);
  const breaking = changes.some((c) => c.classification === 'breaking');
  return { ...base, status: 'changed', classification: breaking ? 'breaking' : 'safe', changes };
}

export function diffLocks(before: LockFile, after: LockFile): LockDiff {
  const names = [...new Set([...Object.keys(before.workflows), ...Object.keys(after.workflows)])].sort();
  const workflows = names.map((n) => diffWorkflow(n, before.workflows[n], after.workflows[n]));
  return { workflows, breaking: workflows.some((w) => w.classification === 'breaking') };
}
