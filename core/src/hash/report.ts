// Turns a lock comparison into `definition-changed` findings located in the code: one per changed workflow, at
// its first changed step, naming every change and whether it is safe for snapshots already in flight.
import * as path from 'node:path';
import type { Range, RelatedLocation, Severity } from '../diagnostic';
import type { Finding, ProjectAnalysis, WorkflowInfo } from '../analysis/types';
import { lockKeys, type LockFile } from './lock';
import type { LockDiff, WorkflowDiff } from './diff';

/** What the code is compared with: the lock file, or the same workflows at another git revision. */
export type ChangeBaseline =
  | { kind: 'lock'; file: string; locate?: (workflow: string) => Range | undefined }
  | { kind: 'revision'; ref: string };

function pointRange(r: Range): Range {
  return { start: r.start, end: { line: r.start.line, column: r.start.column + 1 }, startOffset: r.startOffset, endOffset: r.startOffset + 1 };
}

const FILE_START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 };

function baselineText(b: ChangeBaseline): string {
  return b.kind === 'lock' ? path.basename(b.file) : b.ref;
}

/** One sentence per change, each tagged safe/breaking. */
export function explainChanges(d: WorkflowDiff): string {
  return d.changes.map((c) => `${c.message} [${c.classification}]`).join('; ');
}

export function definitionChangeFindings(diff: LockDiff, current: ProjectAnalysis, before: LockFile, baseline: ChangeBaseline): Finding[] {
  const keys = lockKeys(current.workflows);
  const byKey = new Map<string, WorkflowInfo>();
  for (const [w, k] of keys) byKey.set(k, w);
  const out: Finding[] = [];
  const since = baseline.kind === 'lock' ? `differs from ${baselineText(baseline)}` : `changed since ${baseline.ref}`;
  const accept = baseline.kind === 'lock' ? ' Run `awaitly-lens lock` to record the new definition once reviewed.' : '';

  for (const d of diff.workflows) {
    if (d.status === 'unchanged') continue;
    const severity: Severity = d.classification === 'breaking' ? 'error' : baseline.kind === 'lock' ? 'warning' : 'info';
    const data = { workflow: d.workflow, status: d.status, classification: d.classification, changes: d.changes, oldHash: d.oldHash, newHash: d.newHash };
    const wf = byKey.get(d.workflow);
    if (d.status === 'removed' || !wf) {
      const old = before.workflows[d.workflow];
      const file = baseline.kind === 'lock' ? baseline.file : path.join(current.rootDir, old?.file ?? '');
      const range = (baseline.kind === 'lock' ? baseline.locate?.(d.workflow) : undefined) ?? FILE_START;
      out.push({
        code: 'definition-changed',
        severity,
        file,
        range,
        message: `Workflow '${d.workflow}' ${baseline.kind === 'lock' ? `is in ${baselineText(baseline)} but no longer in the code` : `was removed since ${baseline.ref}`}: breaking for snapshots already in flight (they can no longer be resumed by this code).${accept}`,
        data,
      });
      continue;
    }
    if (d.status === 'added') {
      out.push({
        code: 'definition-changed',
        severity,
        file: wf.file,
        range: pointRange(wf.range),
        workflow: wf.id,
        message: baseline.kind === 'lock'
          ? `Workflow '${d.workflow}' is not in ${baselineText(baseline)}.${accept}`
          : `Workflow '${d.workflow}' is new since ${baseline.ref}: safe (no snapshot of it can be in flight).`,
        data,
      });
      continue;
    }
    // Changes point at steps of the new code, except removals (an index in the old definition).
    const stepAt = (i: number) => wf.steps[i];
    const located = d.changes.filter((c) => c.kind !== 'step-removed' && stepAt(c.index));
    const first = located[0];
    const related: RelatedLocation[] = located.map((c) => ({ file: stepAt(c.index)!.file, range: stepAt(c.index)!.range, message: `${c.message} [${c.classification}]` }));
    const anchor = first ? stepAt(first.index)! : undefined;
    out.push({
      code: 'definition-changed',
      severity,
      file: anchor?.file ?? wf.file,
      range: anchor ? anchor.calleeRange : pointRange(wf.range),
      workflow: wf.id,
      message: `Workflow '${d.workflow}' ${since}: ${d.classification === 'breaking' ? 'BREAKING for snapshots already in flight' : 'safe for snapshots already in flight'}. ${explainChanges(d)}.${accept}`,
      ...(related.length ? { related } : {}),
      data,
    });
  }
  return out;
}
