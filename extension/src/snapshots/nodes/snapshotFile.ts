// A snapshot file's children: problems when it does not parse, the execution/metadata/warnings sections,
// one row per step key (paged), then the steps in code that have no entry.
import { isObject, type SnapshotDoc } from '../model';
import type { FileNode, Node, ProblemNode, SectionNode } from './index';
import { loadMore } from './jsonValue';
import { stepNode, willRunNode, type PlanIndex } from './step';

export function fileNode(doc: SnapshotDoc, state?: FileNode['state'], active = false, label?: string): FileNode {
  return { kind: 'file', id: doc.uri, doc, ...(state ? { state } : {}), ...(active ? { active } : {}), ...(label ? { label } : {}) };
}

/**
 * Row labels that fit the default side-bar width beside their state: the file name without `.json`, and without
 * the part before a '-' that every snapshot of the same workflow in the same folder shares (`checkout-` in
 * checkout-payment-declined.json and checkout-missing-cause.json), since the rows say it already by standing
 * together. The tooltip keeps the whole name.
 */
export function shortLabels(docs: readonly SnapshotDoc[]): Map<string, string> {
  const out = new Map<string, string>();
  const groups = new Map<string, SnapshotDoc[]>();
  for (const d of docs) {
    const key = `${d.uri.slice(0, d.uri.lastIndexOf('/'))}\0${d.workflowName ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  for (const group of groups.values()) {
    const names = group.map((d) => d.fileName.replace(/\.json$/i, ''));
    let prefix = '';
    if (names.length > 1) {
      let common = names[0]!;
      for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
      prefix = common.slice(0, common.lastIndexOf('-') + 1);
    }
    group.forEach((d, i) => out.set(d.uri, names[i]!.length > prefix.length ? names[i]!.slice(prefix.length) : names[i]!));
  }
  return out;
}

/** A file's rows, or a store row's once its snapshot is read (`node` is their parent). */
export function fileChildren(node: Node & { doc: SnapshotDoc }, plan: PlanIndex | undefined, limit: number): Node[] {
  const { doc } = node;
  const out: Node[] = [];
  if (doc.value === undefined || doc.errors > 0) {
    for (const d of doc.diagnostics) if (d.severity === 'error') out.push(problemNode(doc, node, d));
  }
  const o = isObject(doc.value) ? doc.value : undefined;
  if (o) {
    for (const name of ['execution', 'metadata', 'warnings'] as const) {
      if (name in o) out.push({ kind: 'section', id: `${doc.uri}#section:${name}`, parent: node, doc, name, path: [name], value: o[name] } satisfies SectionNode);
    }
  }
  const keys = doc.stepKeys;
  const n = Math.min(keys.length, limit);
  for (let i = 0; i < n; i++) out.push(stepNode(doc, node, keys[i]!, i, plan));
  if (keys.length > limit) out.push(loadMore(doc, node, limit, keys.length));
  else if (plan) for (const s of plan.withoutEntry) out.push(willRunNode(doc, node, s));
  return out;
}

function problemNode(doc: SnapshotDoc, parent: Node, d: SnapshotDoc['diagnostics'][number]): ProblemNode {
  return { kind: 'problem', id: `${doc.uri}#problem:${d.range.startOffset}:${d.code}`, parent, doc, diagnostic: d };
}
