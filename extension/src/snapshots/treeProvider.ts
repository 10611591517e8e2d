// getChildren / getTreeItem / getParent for the snapshot explorer, over the store and the server's replay plans.
// No editor types, so `npm run bench` and the unit tests drive it directly; treeView.ts adapts it to VS Code.
import type { ReplayPlanResult, SnapshotState, SnapshotStateResult } from '../../../server/src/protocol/requests';
import { parseSnapshotDoc, type SnapshotDoc } from './model';
import { type FileNode, type Node, PAGE_SIZE, STORE_PAGE_SIZE, type StoreNode, type StoreRowNode } from './nodes';
import { storeChildren, storeNode } from './nodes/store';
import { StorePages, type StoreClient } from './storeRows';
import { jsonChildren } from './nodes/jsonValue';
import { fileChildren, fileNode, shortLabels } from './nodes/snapshotFile';
import { indexPlan, stepChildren, type PlanIndex } from './nodes/step';
import { treeItem, type TreeItemData } from './present';
import type { SnapshotStore } from './store';

/** The replay plan of a snapshot (the server's awaitlyLens/replayPlan); null when no workflow matches. */
export type PlanSource = (uri: string) => Promise<ReplayPlanResult | null>;

/** The server's states of snapshots (awaitlyLens/snapshotStates): the rows' state and counts come only from there. */
export type StateSource = (uris: string[]) => Promise<Array<SnapshotStateResult | null>>;

export interface TreeSources {
  /** The server's store requests; without it no store is listed. */
  stores?: StoreClient;
  storePageSize?: number;
  states?: StateSource;
}

export class SnapshotTreeProvider {
  private readonly listeners = new Set<(node: Node | undefined) => void>();
  private readonly plans = new Map<string, Promise<PlanIndex | undefined>>();
  /** How many children each paged parent shows (by node id). */
  private readonly limits = new Map<string, number>();
  /** Children handed out, by parent id, so reveal and getParent see the same objects. */
  private readonly childCache = new Map<string, Node[]>();
  private roots: FileNode[] | undefined;
  private storeRoots: Promise<StoreNode[]> | undefined;
  /** Rows read so far per store node id, and each store's id-prefix filter. */
  private readonly pages = new Map<string, StorePages>();
  private readonly filters = new Map<string, string>();
  /** Store row nodes by URI, so a row keeps its object (and its read snapshot) across pages. */
  private readonly rowNodes = new Map<string, StoreRowNode>();
  /** Per snapshot URI, its state as the server last answered (asked again after a change). */
  private readonly states = new Map<string, SnapshotStateResult | null>();
  private asking: Promise<void> | undefined;
  private stateFilter: SnapshotState | undefined;
  private activeUri: string | undefined;
  private readonly stores?: StoreClient;
  private readonly storePageSize: number;
  private readonly stateSource?: StateSource;

  constructor(
    private readonly store: SnapshotStore,
    private readonly planSource?: PlanSource,
    private readonly planTimeoutMs = 20_000,
    sources: TreeSources = {},
  ) {
    this.stores = sources.stores;
    this.storePageSize = sources.storePageSize ?? STORE_PAGE_SIZE;
    this.stateSource = sources.states;
    store.onDidChange((changed) => {
      for (const uri of changed) {
        this.plans.delete(uri);
        this.states.delete(uri);
      }
      this.invalidate();
    });
  }

  onDidChangeTreeData(listener: (node: Node | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Drop cached rows and plans (the code changed: replay states may differ) and redraw. */
  refresh(): void {
    this.plans.clear();
    this.states.clear();
    this.storeRoots = undefined;
    this.pages.clear();
    this.rowNodes.clear();
    this.invalidate();
  }

  /** The stores changed in the settings: list them again (their rows are read again when expanded). */
  refreshStores(): void {
    this.storeRoots = undefined;
    this.pages.clear();
    this.rowNodes.clear();
    this.invalidate();
  }

  /** The next page of a store's rows. */
  async loadMoreRows(storeId: string): Promise<void> {
    await this.pages.get(storeId)?.next();
    this.childCache.delete(storeId);
    for (const l of this.listeners) l(undefined);
  }

  /** Only rows whose id (after the store's prefix) starts with `prefix`; '' shows all. */
  filterRows(storeId: string, prefix: string): void {
    if (prefix) this.filters.set(storeId, prefix);
    else this.filters.delete(storeId);
    this.pages.delete(storeId);
    this.storeRoots = undefined;
    this.invalidate();
  }

  filterOf(storeId: string): string | undefined {
    return this.filters.get(storeId);
  }

  /** Only the snapshots in this state (undefined: all). Store rows are filtered by id, not by state. */
  setStateFilter(state: SnapshotState | undefined): void {
    this.stateFilter = state;
    this.invalidate();
  }

  get stateFilterValue(): SnapshotState | undefined {
    return this.stateFilter;
  }

  /** Mark the active snapshot's row. */
  setActive(uri: string | undefined): void {
    if (uri === this.activeUri) return;
    this.activeUri = uri;
    // Redraw only the rows that change (a whole-tree refresh would drop the selection a reveal just made).
    const nodes: Array<FileNode | StoreRowNode> = [...(this.roots ?? []), ...this.rowNodes.values()];
    for (const n of nodes) {
      const active = n.id === uri;
      if (!!n.active === active) continue;
      if (active) n.active = true;
      else delete n.active;
      this.fireNode(n);
    }
  }

  private fireNode(node: Node): void {
    for (const l of this.listeners) l(node);
  }

  /** The server's state of a snapshot, once known. */
  stateOf(uri: string): SnapshotStateResult | null | undefined {
    return this.states.get(uri);
  }

  /** Asks the server for the states not known yet, then redraws (once per batch). */
  private askStates(uris: string[]): Promise<void> {
    const source = this.stateSource;
    const missing = uris.filter((u) => !this.states.has(u));
    if (!source || missing.length === 0 || this.asking) return this.asking ?? Promise.resolve();
    this.asking = withTimeout(source(missing).catch(() => undefined), this.planTimeoutMs).then((answers) => {
      this.asking = undefined;
      if (!answers) return;
      missing.forEach((u, i) => this.states.set(u, answers[i] ?? null));
      // The rows take their state in place and only they are redrawn (keeps expansion and selection);
      // a state filter changes which rows show, so then the root list is built again.
      if (this.stateFilter) return this.invalidate();
      for (const n of [...(this.roots ?? []), ...this.rowNodes.values()]) {
        const st = this.states.get(n.id);
        if (st && n.state !== st) {
          n.state = st;
          this.fireNode(n);
        }
      }
    });
    return this.asking;
  }

  /** Resolves when every listed snapshot's state is known (tests, the bench). */
  async statesReady(): Promise<void> {
    await this.askStates(this.store.all().map((d) => d.uri));
  }

  private invalidate(): void {
    this.roots = undefined;
    this.childCache.clear();
    for (const l of this.listeners) l(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const files = this.rootNodes();
      void this.askStates(files.map((f) => f.doc.uri));
      const shown = this.stateFilter ? files.filter((f) => f.state?.states.includes(this.stateFilter!)) : files;
      return [...shown, ...(await this.storeNodes())];
    }
    const cached = this.childCache.get(node.id);
    if (cached) return cached;
    const children = await this.build(node);
    this.childCache.set(node.id, children);
    return children;
  }

  getTreeItem(node: Node): TreeItemData {
    return treeItem(node);
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  /** Show the next page of a paged parent. */
  loadMore(parentId: string): void {
    this.limits.set(parentId, (this.limits.get(parentId) ?? PAGE_SIZE) + PAGE_SIZE);
    this.childCache.delete(parentId);
    for (const l of this.listeners) l(undefined);
  }

  /** The plan the rows use (cached per file; undefined while no workflow matches). */
  plan(uri: string): Promise<PlanIndex | undefined> {
    let p = this.plans.get(uri);
    if (!p) {
      const source = this.planSource;
      p = source ? withTimeout(source(uri).then((r) => (r ? indexPlan(r) : undefined)).catch(() => undefined), this.planTimeoutMs) : Promise.resolve(undefined);
      this.plans.set(uri, p);
    }
    return p;
  }

  fileNode(uri: string): FileNode | undefined {
    return this.rootNodes().find((n) => n.doc.uri === uri);
  }

  /** The row of a step key, loading pages until it is shown (for "Show in snapshot explorer"). */
  async stepRow(uri: string, key: string): Promise<Node | undefined> {
    const file = this.fileNode(uri);
    if (!file) return undefined;
    const index = file.doc.stepKeys.indexOf(key);
    if (index < 0) return undefined;
    while ((this.limits.get(file.id) ?? PAGE_SIZE) <= index) {
      this.limits.set(file.id, (this.limits.get(file.id) ?? PAGE_SIZE) + PAGE_SIZE);
      this.childCache.delete(file.id);
    }
    const rows = await this.getChildren(file);
    return rows.find((n) => n.kind === 'step' && n.key === key);
  }

  private storeNodes(): Promise<StoreNode[]> {
    const client = this.stores;
    if (!client) return Promise.resolve([]);
    this.storeRoots ??= client.stores().then(
      (infos) => infos.map((info) => storeNode(info, this.filters.get(storeNode(info, undefined).id))),
      () => [],
    );
    return this.storeRoots;
  }

  /** A store row's snapshot, read through the server once and kept (also in the store, for the active snapshot's decorations). */
  async rowDoc(node: StoreRowNode): Promise<{ doc?: SnapshotDoc; error?: string }> {
    if (node.doc) return { doc: node.doc };
    const r = await this.stores?.row(node.row.uri);
    const doc = r?.text !== undefined ? parseSnapshotDoc(node.row.uri, r.text) : undefined;
    if (doc) {
      node.doc = doc;
      this.store.setRow(doc);
      void this.askStates([node.row.uri]);
    }
    return { ...(doc ? { doc } : {}), error: r?.error ?? (doc ? undefined : `row '${node.row.id}': not a workflow snapshot or resume state`) };
  }

  private rootNodes(): FileNode[] {
    if (!this.roots) {
      const docs = this.store.all();
      const labels = shortLabels(docs);
      this.roots = docs.map((d: SnapshotDoc) => fileNode(d, this.states.get(d.uri) ?? undefined, d.uri === this.activeUri, labels.get(d.uri)));
    }
    return this.roots;
  }

  private async build(node: Node): Promise<Node[]> {
    const limit = this.limits.get(node.id) ?? PAGE_SIZE;
    switch (node.kind) {
      case 'file':
        return fileChildren(node, await this.plan(node.doc.uri), limit);
      case 'store': {
        let pages = this.pages.get(node.id);
        if (!pages) {
          pages = new StorePages(this.stores!, node.info, node.filter, this.storePageSize);
          this.pages.set(node.id, pages);
        }
        if (!pages.loaded) await pages.next();
        return storeChildren(node, pages, (parent, uri) => {
          const known = this.rowNodes.get(uri);
          if (known) return known;
          const row = pages.rows.find((r) => r.uri === uri)!;
          const created: StoreRowNode = { kind: 'storeRow', id: uri, parent, row, ...(uri === this.activeUri ? { active: true } : {}) };
          this.rowNodes.set(uri, created);
          return created;
        });
      }
      case 'storeRow': {
        const { doc, error } = await this.rowDoc(node);
        if (!doc) return [{ kind: 'message', id: `${node.id}#unreadable`, parent: node, text: error ?? 'not a snapshot', error: true }];
        return fileChildren(node as StoreRowNode & { doc: SnapshotDoc }, await this.plan(node.row.uri), limit);
      }
      case 'storeMore':
        return [];
      case 'step':
        return stepChildren(node);
      case 'section':
      case 'json':
        return jsonChildren(node.doc, node, limit);
      case 'willRun':
      case 'loadMore':
      case 'problem':
      case 'message':
        return [];
      default:
        return node satisfies never;
    }
  }
}

function withTimeout<T>(p: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}
