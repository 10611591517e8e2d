// Which step calls a source position is on: the one rule for hovers, go-to-definition and a step built alone
// (analyze-file.ts stepAt), so that the step built alone is the step the whole file's analysis would show there.
import type { Range } from '../diagnostic';
import type { StepInfo, WorkflowInfo } from './types';

/** A step at a position, with the id and label of the workflow it belongs to. */
export interface StepAlone {
  step: StepInfo;
  workflow: { id: string; label: string };
}

/** The items whose range holds the position (1-based line and column, both ends inclusive), innermost first; ties keep their order. */
export function innermostAt<T extends { file: string; range: Range }>(items: Iterable<T>, file: string, line: number, column: number): T[] {
  const hits: T[] = [];
  for (const s of items) {
    if (s.file !== file) continue;
    const r = s.range;
    if (line < r.start.line || line > r.end.line) continue;
    if (line === r.start.line && column < r.start.column) continue;
    if (line === r.end.line && column > r.end.column) continue;
    hits.push(s);
  }
  return hits.sort((a, b) => a.range.endOffset - a.range.startOffset - (b.range.endOffset - b.range.startOffset));
}

/** The innermost step of these workflows at the position (1-based line and column), with its workflow's id and label. */
export function stepAmong(workflows: readonly WorkflowInfo[], file: string, line: number, column: number): StepAlone | undefined {
  const step = innermostAt(workflows.flatMap((w) => w.steps), file, line, column)[0];
  const workflow = step && workflows.find((w) => w.id === step.workflow);
  return step && workflow ? { step, workflow: { id: workflow.id, label: workflow.label } } : undefined;
}
