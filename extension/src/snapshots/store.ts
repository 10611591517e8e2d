// Data access for the snapshot explorer: finds snapshot files by content, keeps their parsed form, and says
// when they change. No editor types: the extension passes a SnapshotSource backed by vscode.workspace, the
// tests and the bench pass one backed by node:fs.
import { parseSnapshotDoc, type SnapshotDoc } from './model';

export interface SnapshotSource {
  /** URIs of the JSON files to look at (node_modules excluded). */
  list(): Promise<string[]>;
  read(uri: string): Promise<string>;
}

export type StoreListener = (changed: readonly string[]) => void;

export class SnapshotStore {
  private readonly docs = new Map<string, SnapshotDoc>();
  /** Store rows read so far (the explorer's, the open row documents): found by get(), not listed by all(). */
  private readonly rows = new Map<string, SnapshotDoc>();
  private readonly listeners = new Set<StoreListener>();
  private loaded = false;

  constructor(private readonly source: SnapshotSource) {}

  get isLoaded(): boolean {
    return this.loaded;
  }

  onDidChange(listener: StoreListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Every snapshot file, sorted by workflow name then file name. */
  all(): SnapshotDoc[] {
    return [...this.docs.values()].sort((a, b) => (a.workflowName ?? a.fileName).localeCompare(b.workflowName ?? b.fileName) || a.uri.localeCompare(b.uri));
  }

  get(uri: string): SnapshotDoc | undefined {
    return this.docs.get(uri) ?? this.rows.get(uri);
  }

  /** A store row's snapshot as read from the server (its URI is an awaitly-store: URI). */
  setRow(doc: SnapshotDoc): void {
    this.rows.delete(doc.uri);
    this.rows.set(doc.uri, doc);
    if (this.rows.size > 500) this.rows.delete(this.rows.keys().next().value!);
  }

  /** Reads every candidate file again. */
  async refreshAll(): Promise<void> {
    const uris = await this.source.list();
    const seen = new Set(uris);
    const changed: string[] = [];
    for (const uri of [...this.docs.keys()]) {
      if (!seen.has(uri)) {
        this.docs.delete(uri);
        changed.push(uri);
      }
    }
    for (const uri of uris) if (await this.load(uri)) changed.push(uri);
    this.loaded = true;
    this.fire(changed.length ? changed : []);
  }

  /** A file was created or changed on disk (or in an editor): read and classify it again. */
  async update(uri: string, text?: string): Promise<void> {
    if (await this.load(uri, text)) this.fire([uri]);
  }

  remove(uri: string): void {
    if (this.docs.delete(uri)) this.fire([uri]);
  }

  async rename(oldUri: string, newUri: string): Promise<void> {
    this.docs.delete(oldUri);
    await this.load(newUri);
    this.fire([oldUri, newUri]);
  }

  /** Put a parsed file in directly (tests, bench). */
  set(doc: SnapshotDoc): void {
    this.docs.set(doc.uri, doc);
    this.fire([doc.uri]);
  }

  /** True when what the store holds for the URI changed. */
  private async load(uri: string, text?: string): Promise<boolean> {
    let content: string;
    try {
      content = text ?? (await this.source.read(uri));
    } catch {
      return this.docs.delete(uri);
    }
    const before = this.docs.get(uri);
    if (before && before.text === content) return false;
    const doc = parseSnapshotDoc(uri, content);
    if (doc) this.docs.set(uri, doc);
    else return this.docs.delete(uri);
    return true;
  }

  private fire(changed: readonly string[]): void {
    for (const l of this.listeners) l(changed);
  }
}
