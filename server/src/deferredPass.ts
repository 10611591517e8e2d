// The deferred pass: what needs definition hashes (the typed analysis, far costlier than the rules), off the
// didChange → publishDiagnostics path. Source documents get their lock findings, snapshots their
// metadata.definitionHash check, once the typing pauses for HASH_DELAY_MS; the quick publish meanwhile carries the
// previous results so they do not flicker.
import type { CancellationToken, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../../core/src/analysis';
import { uriToPath } from './convert';
import { errorMessage } from './errorMessage';
import type { DocKind, DocumentTracker } from './documents';
import { carriedLockFindings, lockFindings, needsLockFindings, ruleDiagnostics, snapshotDiagnostics, toLsp } from './features/diagnostics';
import type { FolderProject, LockState, Logger } from './project';

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

/** What the pass needs from the session around it. */
export interface DeferredHost {
  tracker: DocumentTracker;
  log: Logger;
  folderFor(file: string): Promise<FolderProject>;
  syncDirty(): void;
  /** The diagnostics queue is running or has work (the pass yields to it). */
  queueBusy(): boolean;
  queued(uri: string): boolean;
  publish(uri: string, version: number, diagnostics: LspDiagnostic[]): Promise<void>;
}

export class DeferredPass {
  /** Per source document, the lock findings last computed (carried onto the next quick publish until recomputed). */
  private readonly lockResults = new Map<string, LockResult>();
  /** Per snapshot document, its definitionHash diagnostics last computed and the text they were computed on. */
  private readonly hashResults = new Map<string, { text: string; diagnostics: LspDiagnostic[] }>();
  /** Documents waiting: source files for their lock findings, snapshots for their checks. */
  private readonly deferred = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly host: DeferredHost) {}

  /** An edit came in: a waiting pass starts its pause again. */
  edited(): void {
    if (this.deferred.size > 0) this.arm();
  }

  forget(uri: string): void {
    this.lockResults.delete(uri);
    this.hashResults.delete(uri);
    this.deferred.delete(uri);
  }

  /**
   * A snapshot's diagnostics from the rules' analysis. Its metadata.definitionHash comparison needs the typed
   * analysis: used when it is already computed for the current code, else the deferred pass does it (the
   * worker's result never holds up the queue); meanwhile the previous hash diagnostics stay if the text is the same.
   */
  quickSnapshotDiagnostics(folder: FolderProject, file: string, uri: string, text: string): LspDiagnostic[] {
    const r = snapshotDiagnostics(folder, file, text, folder.typedWorkflowsIfReady());
    if (!r.hashPending) {
      this.rememberHashDiagnostics(uri, text, r.diagnostics);
      return r.diagnostics;
    }
    this.defer(uri);
    const prev = this.hashResults.get(uri);
    return prev?.text === text ? [...r.diagnostics, ...prev.diagnostics] : r.diagnostics;
  }

  /**
   * The lock findings that go with the quick publish: the current ones when already computed for this version,
   * else the previous ones moved onto their workflows' current names (so they do not flicker), with the
   * deferred pass queued to compute and publish the real ones.
   */
  quickLockFindings(folder: FolderProject, file: string, uri: string, version: number): Finding[] {
    if (!needsLockFindings(folder, file)) {
      this.lockResults.delete(uri);
      return [];
    }
    const prev = this.lockResults.get(uri);
    if (prev && prev.version === version && prev.generation === folder.generation && prev.lock === folder.lock()) return prev.findings;
    this.defer(uri);
    return carriedLockFindings(folder, file, prev?.findings ?? []);
  }

  private rememberHashDiagnostics(uri: string, text: string, diagnostics: LspDiagnostic[]): void {
    this.hashResults.set(uri, { text, diagnostics: diagnostics.filter((d) => d.code === 'snapshot-definition-mismatch') });
  }

  private defer(uri: string): void {
    this.deferred.add(uri);
    this.arm();
  }

  /** Every open document of a kind in the folder (snapshots after a key change). */
  deferFolder(folder: FolderProject, kind: DocKind): void {
    const { tracker } = this.host;
    for (const [file, uri] of tracker.open()) {
      if (!folder.contains(file)) continue;
      const doc = tracker.documents.get(uri);
      if (doc && tracker.kindOf(doc) === kind) this.deferred.add(uri);
    }
    if (this.deferred.size > 0) this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, this.host.tracker.lastEdit + HASH_DELAY_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, wait);
  }

  /** The pass runs or has documents waiting. */
  active(): boolean {
    return this.running || this.deferred.size > 0;
  }

  /** True while an edit or a quick publish is waiting: the deferred pass yields to them. */
  private busy(): boolean {
    const { tracker } = this.host;
    return this.host.queueBusy() || tracker.hasDirty() || Date.now() - tracker.lastEdit < HASH_DELAY_MS;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    if (this.busy()) {
      this.arm();
      return;
    }
    this.running = true;
    try {
      while (this.deferred.size > 0) {
        const uri = [...this.deferred][0]!;
        this.deferred.delete(uri);
        await this.validate(uri);
        await new Promise((r) => setImmediate(r));
        if (this.busy()) break;
      }
    } finally {
      this.running = false;
      if (this.deferred.size > 0) this.arm();
    }
  }

  private async validate(uri: string): Promise<void> {
    const host = this.host;
    const { tracker } = host;
    const doc = tracker.documents.get(uri);
    const file = uriToPath(uri);
    if (!doc || !file) return;
    const kind = tracker.kindOf(doc);
    if (kind !== 'source' && kind !== 'json') return;
    let diagnostics: LspDiagnostic[];
    let version: number;
    try {
      const folder = await host.folderFor(file);
      host.syncDirty();
      // Stale: an edit came in since this was queued; its quick publish queues the deferred pass again.
      if (host.queued(uri) || tracker.hasDirty()) return;
      const current = tracker.documents.get(uri);
      if (!current) return;
      version = current.version;
      const generation = folder.generation;
      // The typed analysis runs in its worker; the code or the document may change while it does.
      const stale = (): boolean => tracker.documents.get(uri)?.version !== version || folder.generation !== generation;
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
      host.log.error(`awaitly-lens: checking ${file} against ${kind === 'json' ? 'the code' : 'the lock'} failed: ${errorMessage(e)}`);
      return;
    }
    await host.publish(uri, version, diagnostics);
  }

  /**
   * Waits until no source document has been edited for HASH_DELAY_MS (work that needs definition hashes, such
   * as code lenses, runs in a pause of the typing). False when the request was cancelled meanwhile.
   */
  async quiet(token: CancellationToken): Promise<boolean> {
    for (;;) {
      if (token.isCancellationRequested) return false;
      const wait = this.host.tracker.lastEdit + HASH_DELAY_MS - Date.now();
      if (wait <= 0) return true;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
