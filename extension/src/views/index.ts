// The extension's webviews, created once in activate(): one reused panel per kind.
import type * as vscode from 'vscode';
import { ReusablePanel } from './panel';
import { TimelineView } from './timeline';

export interface Views extends vscode.Disposable {
  plan: ReusablePanel;
  compare: ReusablePanel;
  timeline: TimelineView;
}

export function createViews(): Views {
  // The plan and the comparison are static pages: scripts off.
  const plan = new ReusablePanel('replayPlan', false);
  const compare = new ReusablePanel('compare', false);
  const timeline = new TimelineView();
  return { plan, compare, timeline, dispose: () => [plan, compare, timeline].forEach((v) => v.dispose()) };
}
