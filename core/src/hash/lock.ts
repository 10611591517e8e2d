// awaitly-lens.lock.json: per workflow its definition hash and step structure, in a stable order, so the
// file diffs cleanly in review and CI can compare it with the code.
import * as path from 'node:path';
import type { ProjectAnalysis, WorkflowInfo } from '../analysis/types';
import { definitionHash, stepSignatures, type StepSignature } from './definition-hash';
import type { LineId } from '../semantics/lines';

export const LOCK_FILE_NAME = 'awaitly-lens.lock.json';

export interface LockWorkflow {
  hash: string;
  entry: WorkflowInfo['entry'];
  /** File of the run callback, relative to the project root, with forward slashes. */
  file: string;
  steps: StepSignature[];
}

export interface LockFile {
  lockfileVersion: 1;
  /** The awaitly semantics the keys were derived with. */
  awaitly: LineId;
  workflows: Record<string, LockWorkflow>;
}

/** Lock entries are keyed by workflow label; a label used twice falls back to the unique workflow id. */
export function lockKeys(workflows: readonly WorkflowInfo[]): Map<WorkflowInfo, string> {
  const count = new Map<string, number>();
  for (const w of workflows) count.set(w.label, (count.get(w.label) ?? 0) + 1);
  return new Map(workflows.map((w) => [w, count.get(w.label) === 1 ? w.label : w.id]));
}

/** One workflow's lock entry; `rootDir` is the project root its file is written relative to. */
export function lockEntry(rootDir: string, w: WorkflowInfo): LockWorkflow {
  return {
    hash: definitionHash(w),
    entry: w.entry,
    file: path.relative(rootDir, w.file).split(path.sep).join('/'),
    steps: stepSignatures(w),
  };
}

/** Entries in key order (code-unit order), so the file diffs cleanly. */
function sortedEntries(workflows: Record<string, LockWorkflow>): Record<string, LockWorkflow> {
  return Object.fromEntries(Object.entries(workflows).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildLock(analysis: ProjectAnalysis): LockFile {
  const keys = lockKeys(analysis.workflows);
  const workflows = Object.fromEntries(analysis.workflows.map((w) => [keys.get(w)!, lockEntry(analysis.rootDir, w)]));
  return { lockfileVersion: 1, awaitly: analysis.semantics.line, workflows: sortedEntries(workflows) };
}

/**
 * The lock with one workflow's entry written under `key`, the others untouched (the editor's "update the lock for
 * this workflow"). A workflow once stored under its label and now under its id (or back) keeps one entry.
 */
export function withLockEntry(lock: LockFile, key: string, label: string, entry: LockWorkflow): LockFile {
  const workflows: Record<string, LockWorkflow> = { ...lock.workflows };
  if (key !== label && workflows[label]?.file === entry.file) delete workflows[label];
  workflows[key] = entry;
  return { ...lock, workflows: sortedEntries(workflows) };
}

export function serializeLock(lock: LockFile): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export function parseLock(text: string): LockFile {
  const value = JSON.parse(text) as LockFile;
  if (value?.lockfileVersion !== 1 || typeof value.workflows !== 'object') throw new Error(`${LOCK_FILE_NAME}: unsupported lockfileVersion`);
  return value;
}
