// Code lenses and inlay hints read more than their document: the lock file (lock status), the snapshot files (replay
// states) and, for a folder opened at its open documents, the rest of the project. A client asks for them again when
// the document changes, not when those do; so when they change, the server asks the client to refresh both
// (workspace/codeLens/refresh, workspace/inlayHint/refresh), where it says it can: one request each once the changes
// pause (typing in a snapshot file, or a lock written and every snapshot of a folder read again, is one burst).
import { CodeLensRefreshRequest, InlayHintRefreshRequest, type ClientCapabilities, type Connection } from 'vscode-languageserver/node';

const SETTLE_MS = 300;

export class ViewRefresh {
  private codeLens = false;
  private inlayHint = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly connection: Connection) {}

  /** What the client said it supports (initialize). */
  supports(caps: ClientCapabilities): void {
    this.codeLens = !!caps.workspace?.codeLens?.refreshSupport;
    this.inlayHint = !!caps.workspace?.inlayHint?.refreshSupport;
  }

  /** Something lenses or hints read besides their document changed: the client asks for them again shortly. */
  soon(): void {
    if (!this.codeLens && !this.inlayHint) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A client that fails the request keeps what it shows: nothing to do about it here.
      if (this.codeLens) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      if (this.inlayHint) void this.connection.sendRequest(InlayHintRefreshRequest.type).catch(() => undefined);
    }, SETTLE_MS);
    this.timer.unref();
  }
}
