// The rows of a store, checked one at a time as they stream in: awaitly's verdict (core/src/snapshot) and, with
// code, the replay plan against the workflow each row belongs to (core/src/replay). Each row lands in one or more
// categories; the tally keeps counts and a few example ids per workflow, and the diagnostics of a bounded number
// of rows, so a million rows check in constant memory. Nothing here knows which store the rows came from.
import type { Diagnostic } from '../diagnostic';
import type { AwaitlySemantics, WorkflowInfo } from '../analysis/types';
import { analyzeSnapshotText } from '../snapshot/index';
import { checkSnapshotAgainstCode, type ShapeDrift, type SnapshotCheck, type SnapshotCheckOptions } from '../replay/index';
import { entryText, type SourceEntry } from '../sources/index';

/** What a resume from the row would do, as a reviewer acts on it (docs/stores.md, README). */
export const ROW_CATEGORIES = ['clean', 'replays-failure', 'unknown-keys', 'definition-hash', 'shape-drift', 'unmatched', 'invalid'] as const;
export type RowCategory = (typeof ROW_CATEGORIES)[number];

export const CATEGORY_TEXT: Record<RowCategory, string> = {
  clean: 'resume cleanly',
  'replays-failure': 'replay a saved failure',
  'unknown-keys': 'hold keys no step produces',
  'definition-hash': 'were saved under another definition hash',
  'shape-drift': 'would hit WorkflowShapeDriftError (4.x durable)',
  unmatched: 'match no workflow of the code',
  invalid: 'are invalid (awaitly refuses to load them)',
};

export const NO_WORKFLOW = '(no workflow)';
const EXAMPLES = 3;

export interface RowResult {
  id: string;
  categories: RowCategory[];
  /** The workflow the row belongs to (label), when one matched. */
  workflow?: string;
  diagnostics: Diagnostic[];
  check?: SnapshotCheck;
  /** The WorkflowShapeDriftError a durable resume of this row would return (4.x). */
  shapeDrift?: ShapeDrift;
}

export interface CodeContext {
  workflows: readonly WorkflowInfo[];
  semantics: AwaitlySemantics;
  options?: SnapshotCheckOptions;
}

/** One row: awaitly's verdict, then (with code) the plan. Never throws. */
export function checkRow(entry: SourceEntry, code?: CodeContext): RowResult {
  const text = entryText(entry);
  const report = analyzeSnapshotText(text);
  const diagnostics = [...report.diagnostics];
  const invalid = report.kind === 'other' || !report.verdict.valid;
  if (report.kind === 'other' && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.unshift({ code: 'not-a-snapshot', severity: 'error', message: 'This row holds neither an awaitly WorkflowSnapshot nor a serialized ResumeState', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 }, startOffset: 0, endOffset: 1 }, jsonPath: '' });
  }
  const categories: RowCategory[] = invalid ? ['invalid'] : [];
  if (!code || report.kind === 'other' || report.value === undefined) {
    if (!invalid) categories.push('clean');
    return { id: entry.id, categories, diagnostics };
  }
  const check = checkSnapshotAgainstCode(text, report.value, code.workflows, code.semantics, { ...code.options, rejectedByAwaitly: invalid, awaitlyErrors: report.verdict.errors });
  diagnostics.push(...check.diagnostics);
  if (!check.match?.workflow) categories.push('unmatched');
  if (check.plan) {
    if (check.plan.steps.some((s) => s.state === 'replay-failure' && !s.conditional)) categories.push('replays-failure');
    if (check.plan.unknown.length > 0) categories.push('unknown-keys');
  }
  // A stored stepOrder drifts under a durable resume even when the code hands the body to durable.run through a
  // runner (replay/shape-drift.ts owns the rule; the plan carries its answer).
  const shapeDrift = check.plan?.durableDrift;
  if (shapeDrift) categories.push('shape-drift');
  if (check.diagnostics.some((d) => d.code === 'snapshot-definition-mismatch')) categories.push('definition-hash');
  if (categories.length === 0) categories.push('clean');
  return { id: entry.id, categories, ...(check.match?.workflow ? { workflow: check.match.workflow.label } : {}), diagnostics, check, ...(shapeDrift ? { shapeDrift } : {}) };
}

export interface CategoryTally {
  count: number;
  examples: string[];
}

export interface WorkflowTally {
  workflow: string;
  rows: number;
  categories: Partial<Record<RowCategory, CategoryTally>>;
}

export interface ListedRow {
  id: string;
  diagnostics: Diagnostic[];
}

/** Counts per workflow and category, example ids, and the diagnostics of at most `maxListed` rows. */
export class StoreTally {
  rows = 0;
  readonly byWorkflow = new Map<string, WorkflowTally>();
  readonly listed: ListedRow[] = [];
  /** Rows with problems whose diagnostics were not kept (over maxListed). */
  notListed = 0;

  constructor(private readonly maxListed: number) {}

  add(row: RowResult): void {
    this.rows++;
    const name = row.workflow ?? NO_WORKFLOW;
    let w = this.byWorkflow.get(name);
    if (!w) this.byWorkflow.set(name, (w = { workflow: name, rows: 0, categories: {} }));
    w.rows++;
    for (const c of row.categories) {
      const t = (w.categories[c] ??= { count: 0, examples: [] });
      t.count++;
      if (t.examples.length < EXAMPLES) t.examples.push(row.id);
    }
    // Rows whose only diagnostics are infos (a replayed failure, no matching workflow) are in the counts and examples.
    if (!row.diagnostics.some((d) => d.severity !== 'info')) return;
    if (this.listed.length < this.maxListed) this.listed.push({ id: row.id, diagnostics: row.diagnostics });
    else this.notListed++;
  }

  count(category: RowCategory): number {
    let n = 0;
    for (const w of this.byWorkflow.values()) n += w.categories[category]?.count ?? 0;
    return n;
  }

  workflows(): WorkflowTally[] {
    return [...this.byWorkflow.values()].sort((a, b) => (a.workflow === NO_WORKFLOW ? 1 : b.workflow === NO_WORKFLOW ? -1 : a.workflow < b.workflow ? -1 : a.workflow > b.workflow ? 1 : 0));
  }
}
