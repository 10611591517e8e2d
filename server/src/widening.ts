// Folders opened at their open documents (FolderProject.partial: the first diagnostics and lenses come without
// parsing and binding the rest of the project) are made whole when the server is idle: no request for IDLE_MS, no
// edit, quick publish or deferred pass waiting, no answer owed by the typed worker. The rest of the project is then
// parsed and bound on this thread (about as long as the whole load took before: ~0.5 s on 500 files), so it waits for
// a pause instead of holding back the first answers. A question about the whole folder meanwhile (workspace symbols,
// a snapshot's check) makes it whole at once (FolderProject.project). Either way the open documents are published
// again from the whole program (Session sets FolderProject.onWidened).
import type { FolderProject, Logger } from './project';
import { errorMessage } from './errorMessage';

const IDLE_MS = 300;

export interface WideningHost {
  folders(): FolderProject[];
  requestsReceived(): number;
  /** Anything waiting that a widening would hold back. */
  busy(): boolean;
  log: Logger;
}

export class Widening {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: WideningHost) {}

  /** Called after each publish: a folder opened at its open documents may be waiting (cheap when none is). */
  arm(): void {
    if (this.timer || !this.host.folders().some((f) => f.partial)) return;
    const seen = this.host.requestsReceived();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.host.requestsReceived() !== seen || this.host.busy()) {
        this.arm();
        return;
      }
      for (const folder of this.host.folders()) {
        if (!folder.partial) continue;
        try {
          folder.widen();
        } catch (e) {
          this.host.log.error(`awaitly-lens: loading the rest of ${folder.rootDir} failed: ${errorMessage(e)}`);
        }
      }
    }, IDLE_MS);
    // The connection, not this timer, decides when the process ends.
    this.timer.unref();
  }
}
