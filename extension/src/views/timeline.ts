// "Show Replay Timeline": the timeline webview of a snapshot (default: the active one). It follows the active
// snapshot while open. Clicks arrive as row indexes and are resolved here against the plan the page was built
// from, so the page can never name an arbitrary file.
import * as vscode from 'vscode';
import type { ReplayPlanResult } from '../../../server/src/protocol/requests';
import type { SnapshotDoc } from '../snapshots/model';
import { locatePath } from '../snapshots/model';
import { signal } from '../testState';
import { ReusablePanel } from './panel';
import { TIMELINE_SCRIPT, timelineBody, timelineRows, type TimelineRow } from './timelineHtml';

interface Shown {
  uri: string;
  doc: SnapshotDoc | undefined;
  plan: ReplayPlanResult;
  rows: TimelineRow[];
}

export class TimelineView implements vscode.Disposable {
  readonly panel = new ReusablePanel('timeline', true);
  private shown: Shown | undefined;

  constructor() {
    this.panel.onMessage = (m) => void this.onMessage(m);
  }

  get current(): Shown | undefined {
    return this.panel.visible ? this.shown : undefined;
  }

  render(uri: string, doc: SnapshotDoc | undefined, plan: ReplayPlanResult): void {
    const rows = timelineRows(plan, doc);
    this.shown = { uri, doc, plan, rows };
    this.panel.show(`Timeline: ${doc?.fileName ?? 'snapshot'}`, timelineBody(doc, plan, rows), TIMELINE_SCRIPT);
    signal('timelineRows', rows.length);
  }

  private codeColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  private async onMessage(m: unknown): Promise<void> {
    const s = this.shown;
    if (!s || typeof m !== 'object' || m === null) return;
    const { type, row, index } = m as { type?: unknown; row?: unknown; index?: unknown };
    if (type === 'code' && typeof row === 'number') {
      const r = s.rows[row];
      const step = r && s.plan.steps.find((x) => x.index === r.step);
      if (!step) return;
      const lr = step.location.range;
      // The cursor at the start of the call (where its inlay hint is), not a selection ending lines below.
      const at = new vscode.Range(lr.start.line, lr.start.character, lr.start.line, lr.start.character);
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(step.location.uri), { selection: at, viewColumn: this.codeColumn() });
      editor.revealRange(at, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      signal('timelineReveal', `${step.location.uri}#${lr.start.line}`);
    } else if ((type === 'json' && typeof row === 'number') || (type === 'unknown' && typeof index === 'number')) {
      const key = type === 'json' ? s.rows[row as number]?.key : s.plan.unknown[index as number]?.key;
      if (key === undefined) return;
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(s.uri), { viewColumn: this.codeColumn() });
      const path = s.doc ? s.doc.stepPath(key) : ['steps', key];
      const r = locatePath(editor.document.getText(), path);
      if (!r) return;
      const range = new vscode.Range(editor.document.positionAt(r.startOffset), editor.document.positionAt(r.endOffset));
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      signal('timelineReveal', `${s.uri}#${range.start.line}`);
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}
