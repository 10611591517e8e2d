// Values inside an entry or a section, built only when their parent is expanded, paged like the step rows.
import type { JsonPath, SnapshotDoc } from '../model';
import { isObject } from '../model';
import { PAGE_SIZE, type JsonNode, type LoadMoreNode, type Node } from './index';

export function jsonChild(doc: SnapshotDoc, parent: Node, name: string, path: JsonPath, value: unknown): JsonNode {
  return { kind: 'json', id: `${doc.uri}#json:${JSON.stringify(path)}`, parent, doc, name, path, value };
}

export function hasChildren(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isObject(value) && Object.keys(value).length > 0;
}

/** Members or elements of a value, the first `limit` of them plus a "Load more" row. */
export function jsonChildren(doc: SnapshotDoc, parent: Node & { path: JsonPath; value: unknown }, limit: number): Node[] {
  const v = parent.value;
  const out: Node[] = [];
  if (Array.isArray(v)) {
    for (let i = 0; i < Math.min(v.length, limit); i++) out.push(jsonChild(doc, parent, `[${i}]`, [...parent.path, i], v[i]));
    if (v.length > limit) out.push(loadMore(doc, parent, limit, v.length));
  } else if (isObject(v)) {
    const keys = Object.keys(v);
    for (let i = 0; i < Math.min(keys.length, limit); i++) out.push(jsonChild(doc, parent, keys[i]!, [...parent.path, keys[i]!], v[keys[i]!]));
    if (keys.length > limit) out.push(loadMore(doc, parent, limit, keys.length));
  }
  return out;
}

export function loadMore(doc: SnapshotDoc, parent: Node, shown: number, total: number): LoadMoreNode {
  return { kind: 'loadMore', id: `${parent.id}#more`, parent, doc, shown, total };
}

export { PAGE_SIZE };
