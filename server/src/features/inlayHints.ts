// Inlay hints at each step call of a workflow an active snapshot belongs to: what resuming from it does there
// ("skipped", "replays failure: CARD_DECLINED", "runs"), written before the call so it is readable however long
// the line is (the extension's after-line text can sit past the right edge). One snapshot per workflow: the
// most recently activated, as the code lens does.
import * as path from 'node:path';
import { InlayHintKind, MarkupKind, type InlayHint, type Range as LspRange } from 'vscode-languageserver/node';
import type { StepPlan } from '../../../core/src/replay';
import { toLspRange } from '../convert';
import type { FolderProject } from '../project';
import type { SnapshotFile } from '../snapshots';
import { planFor } from './replay';
import { failureNameOfJson, stateCount, stateLabel } from '../../../core/src/vocabulary';

function label(sf: SnapshotFile, s: StepPlan): string {
  if (s.iterations?.length) {
    const n = (st: string) => s.iterations!.filter((i) => i.state === st && i.entryKey !== undefined).length;
    const parts = [n('skipped') && stateCount('skipped', n('skipped')), n('replay-failure') && stateCount('replay-failure', n('replay-failure')), s.iterations.some((i) => i.entryKey === undefined) && 'later ones run'];
    return `per iteration: ${parts.filter(Boolean).join(', ')}`;
  }
  const when = s.conditional ? ' (if reached)' : '';
  // The words come from core's vocabulary, as in the hover, lens and tree; a failure also names its cause.
  if (s.state === 'replay-failure') return `${stateLabel('replay-failure')}: ${failureOf(sf.failures.get(s.entryKey ?? ''))}${when}`;
  return s.state === 'skipped' ? `${stateLabel('skipped')}${when}` : stateLabel(s.state);
}

const failureOf = (stored: string | undefined) => (stored === undefined ? 'a saved failure' : failureNameOfJson(stored));

function inRange(line: number, range: LspRange | undefined): boolean {
  return !range || (line >= range.start.line && line <= range.end.line);
}

export function inlayHints(folder: FolderProject, file: string, range: LspRange | undefined, active: SnapshotFile[]): InlayHint[] {
  const out: InlayHint[] = [];
  const done = new Set<string>();
  for (const sf of active) {
    const planned = planFor(folder, sf);
    if (!('plan' in planned) || done.has(planned.workflow.id)) continue;
    done.add(planned.workflow.id);
    const name = path.basename(sf.file);
    for (const s of planned.plan.steps) {
      if (s.file !== file) continue;
      const at = toLspRange(s.range).start;
      if (!inRange(at.line, range)) continue;
      out.push({
        position: at,
        label: label(sf, s),
        kind: InlayHintKind.Parameter,
        paddingRight: true,
        tooltip: { kind: MarkupKind.PlainText, value: `${name}: ${s.reason}` },
      });
    }
  }
  return out;
}
