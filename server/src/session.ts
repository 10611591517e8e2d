// State the handlers share: open documents by path, the workspace folders with their settings, the
// diagnostics queue. Edits are coalesced: a didChange only marks the document; the queue (run on the next
// turn of the event loop) hands the newest text to the analysis once, re-analyses that file and the open
// files that depend on it, and publishes. Handlers run their feature behind `guard`, so an exception is
// logged and answered with an empty result instead of taking the server down.
import * as path from 'node:path';
import type { CancellationToken, Connection, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { errorMessage, uriToPath } from './convert';
import { FolderProject, isJsonFile, isSourceFile, Workspace, type Logger } from './project';
import { SettingsStore } from './settings';
import type { SnapshotFile } from './snapshots';
import { carriedLockFindings, lockFindings, needsLockFindings, ruleDiagnostics, snapshotDiagnostics, toLsp } from './features/diagnostics';
import { analyzeSnapshotText } from '../../core/src/snapshot';
import type { Finding } from '../../core/src/analysis';
import type { LockState } from './project';
import { toLspDiagnostic } from './convert';

const SOURCE_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const JSON_LANGUAGES = new Set(['json', 'jsonc']);

export type DocKind = 'source' | 'json' | 'other';

/**
 * Quiet time after the last edit before the work that needs definition hashes runs (lock diagnostics, snapshot
 * checks after a key change, code lenses): the typed analysis costs far more than the rules, so it waits for a pause.
 */
export const HASH_DELAY_MS = 250;

/** Lock findings of a source document, and what they were computed from. */
interface LockResult {
  version: number;
  generation: number;
  lock: LockState;
  findings: Finding[];
}

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly settings: SettingsStore;
  readonly workspace: Workspace;
  readonly log: Logger;
  /** Open documents by absolute path (file: URIs only). */
  private readonly openByPath = new Map<string, string>();
  /** Source documents edited since the analysis last saw them. */
  private readonly dirty = new Set<string>();
  /** JSON documents by most recent open/edit, newest last: the default active snapshots. */
  private recentJson: string[] = [];
  private readonly pending = new Set<string>();
  private flushing = false;
  private scheduled = false;
  /** Per source file, a signature of its workflows' keys: when it changes, open snapshots are checked again. */
  private readonly keySignature = new Map<string, string>();
  /** Per source document, the lock findings last computed (carried onto the next quick publish until recomputed). */
  private readonly lockResults = new Map<string, LockResult>();
  /** Per snapshot document, its definitionHash diagnostics last computed and the text they were computed on. */
  private readonly hashResults = new Map<string, { text: string; diagnostics: LspDiagnostic[] }>();
  /** Documents waiting for the deferred pass: source files for their lock findings, snapshots for their checks. */
  private readonly deferred = new Set<string>();
  private deferredTimer: NodeJS.Timeout | undefined;
  private deferredRunning = false;
  /** When a source document was last edited (the deferred pass and code lenses wait for a pause). */
  private lastEdit = 0;
  /** Called after each publish (tests and the bench wait on diagnostics, not on timers). */
  onPublished: ((uri: string) => void) | undefined;

  constructor(readonly connection: Connection) {
    this.log = {
      info: (m) => connection.console.info(m),
      error: (m) => connection.console.error(m),
    };
    this.settings = new SettingsStore(connection);
    this.workspace = new Workspace((file) => this.textOf(file), this.log);
  }

  textOf(file: string): string | undefined {
    const uri = this.openByPath.get(file);
    return uri === undefined ? undefined : this.documents.get(uri)?.getText();
  }

  openFiles(): IterableIterator<string> {
    return this.openByPath.keys();
  }

  kindOf(doc: TextDocument): DocKind {
    const file = uriToPath(doc.uri);
    if (SOURCE_LANGUAGES.has(doc.languageId) || (file && isSourceFile(file))) return file && !file.endsWith('.d.ts') ? 'source' : 'other';
    if (JSON_LANGUAGES.has(doc.languageId) || (file && isJsonFile(file))) return 'json';
    return 'other';
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
    const file = uriToPath(doc.uri);
    if (file) this.openByPath.set(file, doc.uri);
    this.changed(doc);
  }

  changed(doc: TextDocument): void {
    const file = uriToPath(doc.uri);
    const kind = this.kindOf(doc);
    if (file && kind === 'source') {
      this.dirty.add(file);
      this.lastEdit = Date.now();
      if (this.deferred.size > 0) this.armDeferred();
    }
    if (file && kind === 'json') {
      this.recentJson = [...this.recentJson.filter((f) => f !== file), file];
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
    this.lockResults.delete(doc.uri);
    this.hashResults.delete(doc.uri);
    this.deferred.delete(doc.uri);
    if (!file) return;
    this.openByPath.delete(file);
    this.dirty.delete(file);
    this.recentJson = this.recentJson.filter((f) => f !== file);
    const folder = this.workspace.folderFor(file);
    folder.snapshots.closed(file);
    if (this.kindOf(doc) === 'source') this.guardSync('close', () => this.scheduleFiles(folder.closeFile(file)));
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

  // -- synchronisation and the diagnostics queue --------------------------------------------------

  /** Hand every edited source document to its analysis project; queue the open files that depend on it. */
  syncDirty(): void {
    if (this.dirty.size === 0) return;
    const files = [...this.dirty];
    this.dirty.clear();
    for (const file of files) {
      const text = this.textOf(file);
      if (text === undefined) continue;
      const folder = this.workspace.folderFor(file);
      this.guardSync(`update ${file}`, () => this.scheduleFiles(folder.updateFile(file, text)));
    }
  }

  private scheduleFiles(files: string[]): void {
    for (const f of files) {
      const uri = this.openByPath.get(f);
      if (uri) this.pending.add(uri);
    }
    this.kick();
  }

  scheduleFolder(folder: FolderProject, kind: DocKind | 'all'): void {
    for (const [file, uri] of this.openByPath) {
      if (!folder.contains(file)) continue;
      const doc = this.documents.get(uri);
      if (doc && (kind === 'all' || this.kindOf(doc) === kind)) this.pending.add(uri);
    }
    this.kick();
  }

  scheduleAll(): void {
    for (const doc of this.documents.all()) this.pending.add(doc.uri);
    this.kick();
  }

  schedule(uri: string): void {
    this.pending.add(uri);
    this.kick();
  }

  private kick(): void {
    if (this.scheduled || this.flushing || this.pending.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.size > 0) {
        // Source files first (what the user is typing in), snapshots after.
        const uris = [...this.pending].sort((a, b) => Number(/\.json$/i.test(a)) - Number(/\.json$/i.test(b)));
        const uri = uris[0]!;
        this.pending.delete(uri);
        await this.validate(uri);
        // Let queued edits and cancellations in before the next file.
        if (this.pending.size > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.flushing = false;
      this.kick();
    }
  }

  private async validate(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const kind = this.kindOf(doc);
    if (kind === 'other') return;
    const file = uriToPath(uri);
    let diagnostics: LspDiagnostic[] = [];
    try {
      if (!file) {
        // Untitled JSON: the snapshot checks that need no workspace.
        if (kind === 'json') {
          const report = analyzeSnapshotText(doc.getText());
          if (report.looksLikeSnapshot) diagnostics = report.diagnostics.map((d) => toLspDiagnostic(d, uri, {})).filter((d): d is LspDiagnostic => !!d);
        }
      } else {
        const folder = await this.folderFor(file);
        this.syncDirty();
        const current = this.documents.get(uri);
        if (!current) return;
        if (kind === 'source') {
          diagnostics = [...ruleDiagnostics(folder, file), ...toLsp(folder, file, this.quickLockFindings(folder, file, uri, current.version))];
          this.checkKeySignature(folder, file);
        } else {
          diagnostics = this.quickSnapshotDiagnostics(folder, file, uri, current.getText());
        }
      }
    } catch (e) {
      // A file the analysis cannot handle (mid-typing, or a bug): say so in the log, keep the others going.
      this.log.error(`awaitly-lens: analysing ${file ?? uri} failed: ${errorMessage(e)}`);
      return;
    }
    const version = this.documents.get(uri)?.version;
    await this.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
    this.onPublished?.(uri);
  }

  /**
   * A snapshot's diagnostics from the rules' analysis. Its metadata.definitionHash comparison needs the typed
   * analysis: used when it is already computed for the current code, else the deferred pass does it (the
   * worker's result never holds up this queue); meanwhile the previous hash diagnostics stay if the text is the same.
   */
  private quickSnapshotDiagnostics(folder: FolderProject, file: string, uri: string, text: string): LspDiagnostic[] {
    const r = snapshotDiagnostics(folder, file, text, folder.typedWorkflowsIfReady());
    if (!r.hashPending) {
      this.rememberHashDiagnostics(uri, text, r.diagnostics);
      return r.diagnostics;
    }
    this.defer(uri);
    const prev = this.hashResults.get(uri);
    return prev?.text === text ? [...r.diagnostics, ...prev.diagnostics] : r.diagnostics;
  }

  private rememberHashDiagnostics(uri: string, text: string, diagnostics: LspDiagnostic[]): void {
    this.hashResults.set(uri, { text, diagnostics: diagnostics.filter((d) => d.code === 'snapshot-definition-mismatch') });
  }

  private checkKeySignature(folder: FolderProject, file: string): void {
    const workflows = folder.analyzeFile(file).workflows;
    const signature = JSON.stringify(workflows.map((w) => [w.id, w.name?.value, w.steps.map((s) => [s.kind, s.key?.value ?? s.key?.pattern, s.recordedKey?.value, s.restore])]));
    const before = this.keySignature.get(file);
    this.keySignature.set(file, signature);
    // Snapshot checks compare definition hashes (the typed analysis): they wait for a pause in the typing.
    if (before !== undefined && before !== signature) this.deferFolder(folder, 'json');
  }

  // -- the deferred pass: what needs definition hashes, off the didChange → publishDiagnostics path ------

  /**
   * The lock findings that go with the quick publish: the current ones when already computed for this version,
   * else the previous ones moved onto their workflows' current names (so they do not flicker), with the
   * deferred pass queued to compute and publish the real ones.
   */
  private quickLockFindings(folder: FolderProject, file: string, uri: string, version: number): Finding[] {
    if (!needsLockFindings(folder, file)) {
      this.lockResults.delete(uri);
      return [];
    }
    const prev = this.lockResults.get(uri);
    if (prev && prev.version === version && prev.generation === folder.generation && prev.lock === folder.lock()) return prev.findings;
    this.defer(uri);
    return carriedLockFindings(folder, file, prev?.findings ?? []);
  }

  private defer(uri: string): void {
    this.deferred.add(uri);
    this.armDeferred();
  }

  private deferFolder(folder: FolderProject, kind: DocKind): void {
    for (const [file, uri] of this.openByPath) {
      if (!folder.contains(file)) continue;
      const doc = this.documents.get(uri);
      if (doc && this.kindOf(doc) === kind) this.deferred.add(uri);
    }
    if (this.deferred.size > 0) this.armDeferred();
  }

  private armDeferred(): void {
    if (this.deferredTimer) clearTimeout(this.deferredTimer);
    const wait = Math.max(0, this.lastEdit + HASH_DELAY_MS - Date.now());
    this.deferredTimer = setTimeout(() => {
      this.deferredTimer = undefined;
      void this.runDeferred();
    }, wait);
  }

  /** True while an edit or a quick publish is waiting: the deferred pass yields to them. */
  private busy(): boolean {
    return this.flushing || this.scheduled || this.pending.size > 0 || this.dirty.size > 0 || Date.now() - this.lastEdit < HASH_DELAY_MS;
  }

  private async runDeferred(): Promise<void> {
    if (this.deferredRunning) return;
    if (this.busy()) {
      this.armDeferred();
      return;
    }
    this.deferredRunning = true;
    try {
      while (this.deferred.size > 0) {
        const uri = [...this.deferred][0]!;
        this.deferred.delete(uri);
        await this.validateDeferred(uri);
        await new Promise((r) => setImmediate(r));
        if (this.busy()) break;
      }
    } finally {
      this.deferredRunning = false;
      if (this.deferred.size > 0) this.armDeferred();
    }
  }

  private async validateDeferred(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    const file = uriToPath(uri);
    if (!doc || !file) return;
    const kind = this.kindOf(doc);
    if (kind !== 'source' && kind !== 'json') return;
    let diagnostics: LspDiagnostic[];
    let version: number;
    try {
      const folder = await this.folderFor(file);
      this.syncDirty();
      // Stale: an edit came in since this was queued; its quick publish queues the deferred pass again.
      if (this.pending.has(uri) || this.dirty.size > 0) return;
      const current = this.documents.get(uri);
      if (!current) return;
      version = current.version;
      const generation = folder.generation;
      // The typed analysis runs in its worker; the code or the document may change while it does.
      const stale = (): boolean => this.documents.get(uri)?.version !== version || folder.generation !== generation;
      if (kind === 'json') {
        const typed = await folder.typedWorkflows();
        if (stale()) return this.defer(uri);
        const text = current.getText();
        const r = snapshotDiagnostics(folder, file, text, typed);
        this.rememberHashDiagnostics(uri, text, r.diagnostics);
        diagnostics = r.diagnostics;
      } else {
        const needed = needsLockFindings(folder, file);
        const findings = needed ? await lockFindings(folder, file) : [];
        if (stale()) return this.defer(uri);
        if (needed) this.lockResults.set(uri, { version, generation, lock: folder.lock(), findings });
        else this.lockResults.delete(uri);
        diagnostics = [...ruleDiagnostics(folder, file), ...toLsp(folder, file, findings)];
      }
    } catch (e) {
      this.log.error(`awaitly-lens: checking ${file} against ${kind === 'json' ? 'the code' : 'the lock'} failed: ${errorMessage(e)}`);
      return;
    }
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
    this.onPublished?.(uri);
  }

  /**
   * Waits until no source document has been edited for HASH_DELAY_MS (work that needs definition hashes, such
   * as code lenses, runs in a pause of the typing). False when the request was cancelled meanwhile.
   */
  async quiet(token: CancellationToken): Promise<boolean> {
    for (;;) {
      if (token.isCancellationRequested) return false;
      const wait = this.lastEdit + HASH_DELAY_MS - Date.now();
      if (wait <= 0) return true;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Snapshots whose replay state hovers and lenses show: the setting, else the open snapshot documents (newest first). */
  activeSnapshots(folder: FolderProject): SnapshotFile[] {
    const configured = folder.settings.activeSnapshots;
    const files = configured.length
      ? configured.map((p) => path.resolve(folder.rootDir, p))
      : [...this.recentJson].reverse().filter((f) => folder.contains(f));
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
