// A store beside the files, and its rows: a page at a time, newest first, "Load more" after a full page,
// the store's error (named by the server: redacted URL, table) in place of rows when it cannot be read.
import type { StoreInfo } from '../../../../server/src/protocol/requests';
import type { StorePages } from '../storeRows';
import type { MessageNode, Node, StoreMoreNode, StoreNode, StoreRowNode } from './index';

export function storeNode(info: StoreInfo, filter: string | undefined): StoreNode {
  return { kind: 'store', id: `store:${info.folderUri}#${info.key}`, info, ...(filter ? { filter } : {}) };
}

export function storeChildren(node: StoreNode, pages: StorePages, rowNode: (parent: StoreNode, uri: string) => StoreRowNode | undefined): Node[] {
  const out: Node[] = [];
  if (node.info.error) return [message(node, 'error', `${node.info.name}: ${node.info.error}`, true)];
  for (const row of pages.rows) out.push(rowNode(node, row.uri) ?? { kind: 'storeRow', id: row.uri, parent: node, row });
  if (pages.error !== undefined) out.push(message(node, 'error', pages.error, true));
  for (const [i, p] of pages.problems.entries()) out.push(message(node, `problem:${i}`, p, true));
  if (pages.more && pages.error === undefined) out.push({ kind: 'storeMore', id: `${node.id}#more:${pages.rows.length}`, parent: node, store: node, shown: pages.rows.length } satisfies StoreMoreNode);
  if (pages.rows.length === 0 && pages.error === undefined && !pages.more) {
    out.push(message(node, 'empty', node.filter ? `no row id starts with '${node.filter}'` : 'no rows', false));
  }
  return out;
}

function message(parent: Node, name: string, text: string, error: boolean): MessageNode {
  return { kind: 'message', id: `${parent.id}#${name}`, parent, text, ...(error ? { error } : {}) };
}
