// Step rows: the replay state of each snapshot key against the current code, from the server's replay plan.
import type { ReplayPlanResult, ReplayPlanStep } from '../../../../server/src/protocol/requests';
import { entryOf, isObject, type SnapshotDoc } from '../model';
import { jsonChild } from './jsonValue';
import type { Node, RowState, StepNode, WillRunNode } from './index';

/** The plan, indexed once per file so each row's state is a map lookup (100k rows). */
export interface PlanIndex {
  plan: ReplayPlanResult;
  byEntry: Map<string, ReplayPlanStep>;
  maybe: Map<string, ReplayPlanStep>;
  unknown: Set<string>;
  /** Steps in code with no entry in the snapshot, in code order. */
  withoutEntry: ReplayPlanStep[];
}

export function indexPlan(plan: ReplayPlanResult): PlanIndex {
  const byEntry = new Map<string, ReplayPlanStep>();
  const maybe = new Map<string, ReplayPlanStep>();
  const withoutEntry: ReplayPlanStep[] = [];
  for (const s of plan.steps) {
    // A loop step: each snapshot entry is one iteration with its own state.
    for (const i of s.iterations ?? []) {
      if (i.entryKey !== undefined && !byEntry.has(i.entryKey)) byEntry.set(i.entryKey, { ...s, state: i.state, entryKey: i.entryKey, reason: i.reason });
    }
    if (s.iterations) {
      if (s.iterations.some((i) => i.entryKey === undefined)) withoutEntry.push(s);
      continue;
    }
    if (s.entryKey !== undefined) {
      if (!byEntry.has(s.entryKey)) byEntry.set(s.entryKey, s);
    } else if (s.state === 'maybe') {
      for (const m of s.matches ?? []) if (!maybe.has(m)) maybe.set(m, s);
      if (!s.matches?.length) withoutEntry.push(s);
    } else {
      withoutEntry.push(s);
    }
  }
  withoutEntry.sort((a, b) => a.index - b.index);
  return { plan, byEntry, maybe, unknown: new Set(plan.unknown.map((u) => u.key)), withoutEntry };
}

export function rowState(index: PlanIndex | undefined, key: string): { state: RowState; step?: ReplayPlanStep } {
  if (!index) return { state: 'pending' };
  const s = index.byEntry.get(key);
  if (s) return { state: s.state, step: s };
  const m = index.maybe.get(key);
  if (m) return { state: 'maybe', step: m };
  if (index.unknown.has(key)) return { state: 'unknown' };
  return { state: 'pending' };
}

export function stepNode(doc: SnapshotDoc, parent: Node, key: string, index: number, plan: PlanIndex | undefined): StepNode {
  const { state, step } = rowState(plan, key);
  return { kind: 'step', id: `${doc.uri}#step:${key}`, parent, doc, key, index, path: doc.stepPath(key), state, ...(step ? { step } : {}) };
}

export function willRunNode(doc: SnapshotDoc, parent: Node, step: ReplayPlanStep): WillRunNode {
  return { kind: 'willRun', id: `${doc.uri}#code:${step.index}`, parent, doc, step };
}

/** A step's children: the saved value, or the error and its cause (the rest of the entry under its own names). */
export function stepChildren(node: StepNode): Node[] {
  const entry = entryOf(node.doc, node.key);
  if (!isObject(entry)) return [jsonChild(node.doc, node, 'entry', node.path, entry)];
  const order = entry.ok ? ['value', 'ok'] : ['error', 'cause', 'meta', 'ok'];
  const names = [...order.filter((k) => k in entry), ...Object.keys(entry).filter((k) => !order.includes(k))];
  return names.map((k) => jsonChild(node.doc, node, k, [...node.path, ...(node.doc.kind === 'resume-state' ? [1] : []), k], entry[k]));
}
