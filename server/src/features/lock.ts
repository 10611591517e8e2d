// Lock status of a workflow (its definition hash against awaitly-lens.lock.json) and the edit that updates
// one workflow's entry. Entries are built by core (hash/lock.ts), as `awaitly-lens lock` writes them.
import type { WorkflowInfo } from '../../../core/src/analysis';
import { diffWorkflow, lockEntry, lockKeys, serializeLock, withLockEntry, type LockFile, type WorkflowDiff } from '../../../core/src/hash';
import type { FolderProject } from '../project';

export interface LockStatus {
  hash: string;
  /** Key of the workflow in the lock file. */
  key: string;
  status: 'no-lock' | 'unreadable' | 'not-locked' | 'unchanged' | 'changed';
  diff?: WorkflowDiff;
  error?: string;
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

/** `w` from the typed analysis (folder.typedFile / typedWorkflows): the definition hash reads step result types. */
export function lockStatus(folder: FolderProject, w: WorkflowInfo): LockStatus {
  const state = folder.lock();
  const current = lockEntry(folder.rootDir, w);
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
  return serializeLock(withLockEntry(base, key, w.label, lockEntry(folder.rootDir, w)));
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
