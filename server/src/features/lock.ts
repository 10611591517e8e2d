// Lock status of a workflow (its definition hash against awaitly-lens.lock.json) and the edit that updates
// one workflow's entry. Keys and entries are built exactly as core's buildLock does.
import * as path from 'node:path';
import type { WorkflowInfo } from '../../../core/src/analysis';
import { definitionHash, diffWorkflow, lockKeys, serializeLock, stepSignatures, type LockFile, type LockWorkflow, type WorkflowDiff } from '../../../core/src/hash';
import type { FolderProject } from '../project';

export interface LockStatus {
  hash: string;
  /** Key of the workflow in the lock file. */
  key: string;
  status: 'no-lock' | 'unreadable' | 'not-locked' | 'unchanged' | 'changed';
  diff?: WorkflowDiff;
  error?: string;
}

/** The lock entry of a workflow from the typed analysis (folder.typedFile / typedWorkflows): the hash reads step result types. */
export function lockEntry(folder: FolderProject, w: WorkflowInfo): LockWorkflow {
  return {
    hash: definitionHash(w),
    entry: w.entry,
    file: path.relative(folder.rootDir, w.file).split(path.sep).join('/'),
    steps: stepSignatures(w),
  };
}

/**
 * The lock key: the label, or the id when the label is used twice. Checking the lock for the label first
 * keeps an edit from analysing the whole project; lockKeys (the exact rule) runs when writing.
 */
function keyFor(lock: LockFile | undefined, w: WorkflowInfo): string {
  if (lock?.workflows[w.label]) return w.label;
  if (lock?.workflows[w.id]) return w.id;
  return w.label;
}

export function lockStatus(folder: FolderProject, w: WorkflowInfo): LockStatus {
  const state = folder.lock();
  const current = lockEntry(folder, w);
  const key = keyFor(state.lock, w);
  if (!state.exists) return { hash: current.hash, key, status: 'no-lock' };
  if (!state.lock) return { hash: current.hash, key, status: 'unreadable', ...(state.error ? { error: state.error } : {}) };
  const before = state.lock.workflows[key];
  if (!before) return { hash: current.hash, key, status: 'not-locked' };
  const diff = diffWorkflow(key, before, current);
  return { hash: current.hash, key, status: diff.status === 'unchanged' ? 'unchanged' : 'changed', diff };
}

/** "v1:ab12cd34" → "ab12cd34". */
export function shortHash(hash: string): string {
  return hash.replace(/^v\d+:/, '').slice(0, 8);
}

/** The new lock file text with this workflow's entry written (other entries untouched). */
export function updatedLockText(folder: FolderProject, w: WorkflowInfo): string {
  const state = folder.lock();
  // Keys need labels and ids only (the cheap analysis); the entry needs `w` from the typed one.
  const all = folder.workflows();
  const key = lockKeys(all.some((x) => x.id === w.id) ? all : [...all, w]).get(all.find((x) => x.id === w.id) ?? w) ?? w.label;
  const base: LockFile = state.lock ?? { lockfileVersion: 1, awaitly: folder.project().semantics.line, workflows: {} };
  const workflows: Record<string, LockWorkflow> = { ...base.workflows };
  // A workflow once stored under its label and now under its id (or back) keeps one entry.
  if (key !== w.label && workflows[w.label]?.file === lockEntry(folder, w).file) delete workflows[w.label];
  workflows[key] = lockEntry(folder, w);
  const sorted = Object.fromEntries(Object.entries(workflows).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return serializeLock({ ...base, workflows: sorted });
}

export function describeStatus(s: LockStatus): string {
  switch (s.status) {
    case 'no-lock': return 'no lock file';
    case 'unreadable': return 'lock file unreadable';
    case 'not-locked': return 'not in lock';
    case 'unchanged': return 'unchanged';
    case 'changed': {
      const steps = new Set(s.diff!.changes.map((c) => `${c.index}:${c.kind === 'step-removed' ? 'old' : 'new'}`)).size;
      return `changed: ${steps} step${steps === 1 ? '' : 's'}${s.diff!.classification === 'breaking' ? ' (breaking)' : ''}`;
    }
  }
}
