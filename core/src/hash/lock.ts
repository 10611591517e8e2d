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

export function buildLock(analysis: ProjectAnalysis): LockFile {
  const keys = lockKeys(analysis.workflows);
  const entries = analysis.workflows.map((w) => [keys.get(w)!, {
    hash: definitionHash(w),
    entry: w.entry,
    file: path.relative(analysis.rootDir, w.file).split(path.sep).join('/'),
    steps: stepSignatures(w),
  }] as const);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { lockfileVersion: 1, awaitly: analysis.semantics.line, workflows: Object.fromEntries(entries) };
}

export function serializeLock(lock: LockFile): string {
  return `${JSON.stringify(lock, null, 2)}\n`;
}

export function parseLock(text: string): LockFile {
  const value = JSON.parse(text) as LockFile;
  if (value?.lockfileVersion !== 1 || typeof value.workflows !== 'object') throw new Error(`${LOCK_FILE_NAME}: unsupported lockfileVersion`);
  return value;
}
