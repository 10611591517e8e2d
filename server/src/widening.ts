// Folders opened at their open documents (FolderProject.partial: the first diagnostics and lenses come without
// parsing and binding the rest of the project) are made whole when the server is idle: no request for IDLE_MS, no
// edit, quick publish or deferred pass waiting, no answer owed by the typed worker. The rest of the project is parsed
// and bound on this thread in slices of about SLICE_MS (AnalysisProject.prepareWiden), each in a turn of its own, so a
// request that comes meanwhile waits for one slice at most; then it waits for the next pause. Once everything is
// parsed and bound, the folder is made whole (FolderProject.widen: the program is built and the open documents are
// published again from it). A question about the whole folder meanwhile (workspace symbols, a snapshot's check)
// makes it whole at once (FolderProject.project), with whatever was prepared so far.
import type { FolderProject, Logger } from './project';
import { errorMessage } from './errorMessage';

const IDLE_MS = 300;
const SLICE_MS = 15;

export interface WideningHost {
  folders(): FolderProject[];
  requestsReceived(): number;
  /** Anything waiting that a widening would hold back. */
  busy(): boolean;
  log: Logger;
}

export class Widening {
  private timer: NodeJS.Timeout | undefined;
  private slice: NodeJS.Immediate | undefined;

  constructor(private readonly host: WideningHost) {}

  /** Called after each publish: a folder opened at its open documents may be waiting (cheap when none is). */
  arm(): void {
    if (this.timer || this.slice || !this.host.folders().some((f) => f.partial)) return;
    const seen = this.host.requestsReceived();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.next(seen);
    }, IDLE_MS);
    // The connection, not this timer, decides when the process ends.
    this.timer.unref();
  }

  /** One slice of work if nothing came since `seen`, then the next in a turn of its own; else wait for a pause again. */
  private next(seen: number): void {
    if (this.host.requestsReceived() !== seen || this.host.busy()) {
      this.arm();
      return;
    }
    const folder = this.host.folders().find((f) => f.partial);
    if (!folder) return;
    try {
      if (folder.prepareWiden(SLICE_MS)) folder.widen();
    } catch (e) {
      // Tried again after the next publish (arm).
      this.host.log.error(`awaitly-lens: loading the rest of ${folder.rootDir} failed: ${errorMessage(e)}`);
      return;
    }
    // setImmediate: messages that arrived during the slice are read first (the poll phase comes before it). Not
    // unref'd: an unref'd immediate does not keep the poll phase from blocking, and would wait for the next I/O.
    this.slice = setImmediate(() => {
      this.slice = undefined;
      this.next(seen);
    });
  }
}
