// The one active snapshot: its plan drives the decorations, the status bar item and (through the client's
// configuration middleware) the server's code lens.
import * as vscode from 'vscode';
import type { ReplayPlanResult } from '../../server/src/protocol/requests';
import type { SnapshotStore } from './snapshots/store';
import { statusText } from './snapshots/present';
import type { ReplayDecorations } from './decorations/replay';

export class ActiveSnapshot implements vscode.Disposable {
  private current: vscode.Uri | undefined;
  private plan: ReplayPlanResult | null | undefined;
  private readonly item = vscode.window.createStatusBarItem('awaitlyLens.active', vscode.StatusBarAlignment.Left, 50);
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly store: SnapshotStore,
    private readonly decorations: ReplayDecorations,
    private readonly planOf: (uri: string) => Promise<ReplayPlanResult | null>,
  ) {
    this.item.name = 'awaitly-lens active snapshot';
    this.render();
    this.item.show();
  }

  get uri(): vscode.Uri | undefined {
    return this.current;
  }

  get replayPlan(): ReplayPlanResult | null | undefined {
    return this.plan;
  }

  async set(uri: vscode.Uri | undefined): Promise<void> {
    this.current = uri;
    this.plan = undefined;
    void vscode.commands.executeCommand('setContext', 'awaitlyLens.hasActiveSnapshot', !!uri);
    this.render();
    this.emitter.fire(uri);
    await this.reload();
  }

  /** Ask the server again (the snapshot or the code changed). */
  async reload(): Promise<void> {
    const uri = this.current;
    if (!uri) {
      this.decorations.set(undefined, undefined);
      this.render();
      return;
    }
    let plan: ReplayPlanResult | null = null;
    try {
      plan = await this.planOf(uri.toString());
    } catch {
      plan = null;
    }
    if (this.current !== uri) return;
    this.plan = plan;
    this.decorations.set(plan ?? undefined, this.store.get(uri.toString()));
    this.render();
  }

  private render(): void {
    if (!this.current) {
      this.item.text = '$(file-code) awaitly-lens: no active snapshot';
      this.item.tooltip = 'Set an active snapshot to see its replay plan in the code';
      this.item.command = 'awaitlyLens.setActiveSnapshot';
      return;
    }
    const doc = this.store.get(this.current.toString());
    const text = this.plan === undefined ? `${doc?.fileName ?? 'snapshot'}: planning…` : statusText(doc, this.plan);
    this.item.text = `$(debug-restart) ${text}`;
    this.item.tooltip = new vscode.MarkdownString(`**Active snapshot** ${this.current.fsPath}\n\n${this.plan?.notes[0] ?? ''}\n\nClick to show the replay plan.`);
    this.item.command = { command: 'awaitlyLens.showReplayPlan', title: 'Show replay plan', arguments: [this.current.toString()] };
  }

  /** The status bar text (tests read it). */
  get statusText(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
    this.emitter.dispose();
  }
}
