// State the handlers share, composed of one module per concern: the open documents (documents.ts), the
// diagnostics queue of quick publishes (diagnosticsQueue.ts) and the deferred pass that needs definition hashes
// (deferredPass.ts); plus the workspace folders with their settings. Handlers run their feature behind `guard`,
// so an exception is logged and answered with an empty result instead of taking the server down.
import * as path from 'node:path';
import type { CancellationToken, Connection, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from './convert';
import { errorMessage } from './errorMessage';
import { FolderProject, isJsonFile, isSourceFile, Workspace, type Logger } from './project';
import { SettingsStore } from './settings';
import type { SnapshotFile } from './snapshots';
import { DocumentTracker, type DocKind } from './documents';
import { DiagnosticsQueue } from './diagnosticsQueue';
import { DeferredPass } from './deferredPass';
import { ViewRefresh } from './viewRefresh';
import { Widening } from './widening';

export { HASH_DELAY_MS } from './deferredPass';
export type { DocKind } from './documents';

export class Session {
  readonly settings: SettingsStore;
  readonly workspace: Workspace;
  readonly log: Logger;
  private readonly tracker = new DocumentTracker();
  readonly documents = this.tracker.documents;
  private readonly queue: DiagnosticsQueue;
  private readonly deferred: DeferredPass;
  private readonly widening: Widening;
  /** Asks the client for lenses and hints again when what they read besides their document changes. */
  readonly views: ViewRefresh;
  /** Requests received so far (server.ts counts them): the diagnostics queue lets them go first. */
  requestsReceived = 0;
  /** Called after each publish (tests and the bench wait on diagnostics, not on timers). */
  onPublished: ((uri: string) => void) | undefined;

  constructor(readonly connection: Connection) {
    this.log = {
      info: (m) => connection.console.info(m),
      error: (m) => connection.console.error(m),
    };
    this.settings = new SettingsStore(connection);
    this.workspace = new Workspace((file) => this.textOf(file), this.log);
    const shared = {
      tracker: this.tracker,
      log: this.log,
      folderFor: (file: string) => this.folderFor(file),
      syncDirty: () => this.syncDirty(),
      publish: (uri: string, version: number | undefined, diagnostics: LspDiagnostic[]) => this.publish(uri, version, diagnostics),
    };
    this.deferred = new DeferredPass({ ...shared, queueBusy: () => this.queue.busy(), queued: (uri) => this.queue.has(uri) });
    this.queue = new DiagnosticsQueue({ ...shared, deferred: this.deferred, requestsReceived: () => this.requestsReceived });
    this.widening = new Widening({
      log: this.log,
      folders: () => this.workspace.all(),
      requestsReceived: () => this.requestsReceived,
      busy: () => this.queue.busy() || this.deferred.active() || this.tracker.hasDirty() || this.workspace.all().some((f) => f.typedPending()),
    });
    // A folder made whole (idle, or by a question about all of it): its open documents are published again, and its
    // lenses asked for again (a file the first program's screen missed could change them).
    this.workspace.onWidened = (dropped) => {
      this.scheduleFiles(dropped);
      this.views.soon();
    };
    this.views = new ViewRefresh(connection);
  }

  private async publish(uri: string, version: number | undefined, diagnostics: LspDiagnostic[]): Promise<void> {
    await this.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
    this.onPublished?.(uri);
    this.widening.arm();
  }

  textOf(file: string): string | undefined {
    return this.tracker.textOf(file);
  }

  openFiles(): IterableIterator<string> {
    return this.tracker.openFiles();
  }

  kindOf(doc: TextDocument): DocKind {
    return this.tracker.kindOf(doc);
  }

  /** The folder of a file, with its settings applied. */
  async folderFor(file: string): Promise<FolderProject> {
    const folder = this.workspace.folderFor(file);
    const settings = await this.settings.get(folder.rootDir);
    if (JSON.stringify(settings) !== JSON.stringify(folder.settings)) folder.applySettings(settings);
    return folder;
  }

  // -- document events ------------------------------------------------------------------------

  opened(doc: TextDocument): void {
    this.tracker.opened(doc);
    this.changed(doc);
  }

  changed(doc: TextDocument): void {
    this.tracker.changed(doc);
    const file = uriToPath(doc.uri);
    const kind = this.kindOf(doc);
    if (file && kind === 'source') this.deferred.edited();
    if (file && kind === 'json') {
      // An open snapshot is active (unless the setting names others) and its replay states show in lenses and hints.
      this.views.soon();
      for (const folder of this.workspace.all()) {
        if (file === folder.lockPath()) {
          folder.invalidateLock();
          this.scheduleFolder(folder, 'source');
        }
      }
    }
    this.schedule(doc.uri);
  }

  closed(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    void this.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    this.deferred.forget(doc.uri);
    if (!file) return;
    this.tracker.closed(file);
    const folder = this.workspace.folderFor(file);
    folder.snapshots.closed(file);
    if (this.kindOf(doc) === 'source') this.guardSync('close', () => this.scheduleFiles(folder.closeFile(file)));
    if (this.kindOf(doc) === 'json') this.views.soon();
    if (file === folder.lockPath()) {
      folder.invalidateLock();
      this.scheduleFolder(folder, 'source');
    }
  }

  /** Changes on disk reported by the client's file watcher. */
  diskChanged(file: string, deleted: boolean): void {
    const folder = this.workspace.folderFor(file);
    if (isJsonFile(file)) {
      folder.snapshots.invalidate(file);
      if (file === folder.lockPath()) {
        folder.invalidateLock();
        this.scheduleFolder(folder, 'source');
      }
      this.scheduleFolder(folder, 'json');
    } else if (isSourceFile(file)) {
      this.guardSync('watched file', () => this.scheduleFiles(folder.diskChanged(file, deleted)));
    }
  }

  // -- synchronisation and scheduling -------------------------------------------------------------

  /** Hand every edited source document to its analysis project; queue the open files that depend on it. */
  syncDirty(): void {
    if (!this.tracker.hasDirty()) return;
    for (const file of this.tracker.takeDirty()) {
      const text = this.textOf(file);
      if (text === undefined) continue;
      const folder = this.workspace.folderFor(file);
      this.guardSync(`update ${file}`, () => this.scheduleFiles(folder.updateFile(file, text)));
    }
  }

  private scheduleFiles(files: string[]): void {
    this.queue.add(files.map((f) => this.tracker.uriOf(f)).filter((uri): uri is string => uri !== undefined));
  }

  /** A folder's open documents of a kind are analysed again: the lock or its snapshots changed (so do lenses and hints). */
  scheduleFolder(folder: FolderProject, kind: DocKind | 'all'): void {
    this.views.soon();
    const uris: string[] = [];
    for (const [file, uri] of this.tracker.open()) {
      if (!folder.contains(file)) continue;
      const doc = this.documents.get(uri);
      if (doc && (kind === 'all' || this.kindOf(doc) === kind)) uris.push(uri);
    }
    this.queue.add(uris);
  }

  scheduleAll(): void {
    this.views.soon();
    this.queue.add(this.documents.all().map((doc) => doc.uri));
  }

  schedule(uri: string): void {
    this.queue.add([uri]);
  }

  /** Waits for a pause in the typing (code lenses need definition hashes); false when cancelled meanwhile. */
  quiet(token: CancellationToken): Promise<boolean> {
    return this.deferred.quiet(token);
  }

  /** Snapshots whose replay state hovers and lenses show: the setting, else the open snapshot documents (newest first). */
  activeSnapshots(folder: FolderProject): SnapshotFile[] {
    const configured = folder.settings.activeSnapshots;
    const files = configured.length
      ? configured.map((p) => path.resolve(folder.rootDir, p))
      : this.tracker.recentJsonFirst().filter((f) => folder.contains(f));
    return files.map((f) => folder.snapshots.get(f)).filter((sf): sf is SnapshotFile => !!sf);
  }

  guardSync(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error(`awaitly-lens: ${what} failed: ${errorMessage(e)}`);
    }
  }
}
