// Gutter icons and after-line texts on every step call of the active snapshot's workflow. One decoration type
// per state, created once; each pass gives every type its (possibly empty) list, so stale highlights go away.
// "replays failure" is an amber history glyph, not a red cross: it is replayed state, not an error in the code.
// awaitlyLens.decorations.enabled = false: every list is empty (the inlay hints and hovers stay).
import * as vscode from 'vscode';
import type { ReplayPlanResult } from '../../../server/src/protocol/requests';
import type { SnapshotDoc } from '../snapshots/model';
import type { RowState } from '../snapshots/nodes';
import { decorationsFor, STATES } from '../snapshots/present';
import { signal } from '../testState';
import { decorationsEnabled } from '../config';

const COLORS: Record<RowState, string> = {
  skipped: 'charts.green', 'replay-failure': 'charts.orange', runs: 'charts.blue', maybe: 'charts.yellow', 'not-reached': 'disabledForeground', unknown: 'charts.orange', pending: 'descriptionForeground',
};

export class ReplayDecorations implements vscode.Disposable {
  private readonly types = new Map<RowState, vscode.TextEditorDecorationType>();
  private plan: ReplayPlanResult | undefined;
  private doc: SnapshotDoc | undefined;
  /** Decorations set per editor document in the last pass (tests read it). */
  readonly applied = new Map<string, Array<{ state: RowState; line: number; text: string }>>();

  constructor(private readonly media: vscode.Uri) {
    for (const state of Object.keys(STATES) as RowState[]) {
      this.types.set(state, vscode.window.createTextEditorDecorationType({
        gutterIconPath: vscode.Uri.joinPath(media, `state-${state}.svg`),
        gutterIconSize: 'contain',
        after: { margin: '0 0 0 2em', color: new vscode.ThemeColor(COLORS[state]), fontStyle: 'italic' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }));
    }
  }

  set(plan: ReplayPlanResult | undefined, doc: SnapshotDoc | undefined): void {
    this.plan = plan;
    this.doc = doc;
    this.refresh();
  }

  refresh(editors: readonly vscode.TextEditor[] = vscode.window.visibleTextEditors): void {
    const enabled = decorationsEnabled();
    for (const editor of editors) {
      const uri = editor.document.uri.toString();
      const items = this.plan && enabled ? decorationsFor(this.plan, this.doc, uri) : [];
      const byState = new Map<RowState, vscode.DecorationOptions[]>();
      for (const t of this.types.keys()) byState.set(t, []);
      for (const d of items) {
        const line = d.range.start.line;
        const end = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range.end;
        byState.get(d.state)!.push({
          range: new vscode.Range(line, d.range.start.character, end.line, end.character),
          hoverMessage: new vscode.MarkdownString(`**awaitly-lens**: ${d.text || STATES[d.state].title}`),
          renderOptions: { after: { contentText: d.text } },
        });
      }
      for (const [state, type] of this.types) editor.setDecorations(type, byState.get(state)!);
      if (items.length) this.applied.set(uri, items.map((d) => ({ state: d.state, line: d.range.start.line, text: d.text })));
      else this.applied.delete(uri);
      signal(`decorations:${uri}`, items.length);
    }
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
  }
}
