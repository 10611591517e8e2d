// One reused webview panel per kind (replay plan, comparison, timeline): shown again instead of opening a
// second tab, read-only (no document behind it, so nothing asks to be saved). No local or remote resources.
import * as vscode from 'vscode';
import { page } from './html';
import { signal } from '../testState';

export type ViewKind = 'replayPlan' | 'compare' | 'timeline';

export class ReusablePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];
  /** Called with each message the page posts (timeline clicks). */
  onMessage: ((msg: unknown) => void) | undefined;

  constructor(private readonly kind: ViewKind, private readonly scripts: boolean) {}

  get visible(): boolean {
    return !!this.panel;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  show(title: string, body: string, script?: string): vscode.WebviewPanel {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(`awaitlyLens.${this.kind}`, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: this.scripts,
        enableCommandUris: false,
        localResourceRoots: [],
        enableFindWidget: true,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        for (const s of this.subs.splice(0)) s.dispose();
      });
      this.subs.push(this.panel.webview.onDidReceiveMessage((m) => this.onMessage?.(m)));
    } else {
      this.panel.reveal(undefined, false);
    }
    this.panel.title = title;
    this.panel.webview.html = page({ title, body, ...(script && this.scripts ? { script } : {}) });
    signal(`view:${this.kind}`, title);
    return this.panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
