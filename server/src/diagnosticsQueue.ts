// The diagnostics queue: documents waiting for their quick publish (the rules' analysis, no definition hashes).
// Edits are coalesced: a didChange only marks the document; the queue (run on the next turn of the event loop)
// hands the newest text to the analysis once, re-analyses the file and the open files that depend on it, and
// publishes. Source files go first (what the user is typing in), snapshots after.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { analyzeSnapshotText } from '../../core/src/snapshot';
import { toLspDiagnostic, uriToPath } from './convert';
import { errorMessage } from './errorMessage';
import type { DeferredPass } from './deferredPass';
import type { DocumentTracker } from './documents';
import { ruleDiagnostics, toLsp } from './features/diagnostics';
import type { FolderProject, Logger } from './project';

export interface QueueHost {
  tracker: DocumentTracker;
  deferred: DeferredPass;
  log: Logger;
  folderFor(file: string): Promise<FolderProject>;
  syncDirty(): void;
  /** How many requests the server has received: it only grows. */
  requestsReceived(): number;
  publish(uri: string, version: number | undefined, diagnostics: LspDiagnostic[]): Promise<void>;
}

export class DiagnosticsQueue {
  private readonly pending = new Set<string>();
  private flushing = false;
  private scheduled = false;
  /** Per source file, a signature of its workflows' keys: when it changes, open snapshots are checked again. */
  private readonly keySignature = new Map<string, string>();

  constructor(private readonly host: QueueHost) {}

  busy(): boolean {
    return this.flushing || this.scheduled || this.pending.size > 0;
  }

  has(uri: string): boolean {
    return this.pending.has(uri);
  }

  add(uris: Iterable<string>): void {
    for (const uri of uris) this.pending.add(uri);
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
        await this.letRequestsIn();
        const uris = [...this.pending].sort((a, b) => Number(/\.json$/i.test(a)) - Number(/\.json$/i.test(b)));
        const uri = uris[0]!;
        this.pending.delete(uri);
        await this.validate(uri);
      }
    } finally {
      this.flushing = false;
      this.kick();
    }
  }

  /**
   * Requests already sent go before a quick pass: a hover right after typing then builds only the step it is on
   * (FolderProject.stepAt) instead of waiting for the whole file's analysis. vscode-jsonrpc hands over one message
   * per turn of the event loop (and a request handler starts its work a turn later), so turns are yielded until two
   * in a row bring no new request; at most 16, so a stream of requests cannot hold diagnostics back. Edits and
   * cancellations sent meanwhile are taken in too (the newest text is analysed once).
   */
  private async letRequestsIn(): Promise<void> {
    let seen = this.host.requestsReceived();
    for (let turn = 0, quiet = 0; turn < 16 && quiet < 2; turn++) {
      await new Promise((r) => setImmediate(r));
      const now = this.host.requestsReceived();
      quiet = now === seen ? quiet + 1 : 0;
      seen = now;
    }
  }

  private async validate(uri: string): Promise<void> {
    const { tracker, deferred } = this.host;
    const doc = tracker.documents.get(uri);
    if (!doc) return;
    const kind = tracker.kindOf(doc);
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
        const folder = await this.host.folderFor(file);
        this.host.syncDirty();
        const current = tracker.documents.get(uri);
        if (!current) return;
        if (kind === 'source') {
          diagnostics = [...ruleDiagnostics(folder, file), ...toLsp(folder, file, deferred.quickLockFindings(folder, file, uri, current.version))];
          this.checkKeySignature(folder, file);
        } else {
          diagnostics = deferred.quickSnapshotDiagnostics(folder, file, uri, current.getText());
        }
      }
    } catch (e) {
      // A file the analysis cannot handle (mid-typing, or a bug): say so in the log, keep the others going.
      this.host.log.error(`awaitly-lens: analysing ${file ?? uri} failed: ${errorMessage(e)}`);
      return;
    }
    await this.host.publish(uri, tracker.documents.get(uri)?.version, diagnostics);
  }

  private checkKeySignature(folder: FolderProject, file: string): void {
    const workflows = folder.analyzeFile(file).workflows;
    const signature = JSON.stringify(workflows.map((w) => [w.id, w.name?.value, w.steps.map((s) => [s.kind, s.key?.value ?? s.key?.pattern, s.recordedKey?.value, s.restore])]));
    const before = this.keySignature.get(file);
    this.keySignature.set(file, signature);
    // Snapshot checks compare definition hashes (the typed analysis): they wait for a pause in the typing.
    if (before !== undefined && before !== signature) this.host.deferred.deferFolder(folder, 'json');
  }
}
