// Hover on a step call: id, key or pattern, kind, how awaitly restores it, and its state in each active
// snapshot, in the words of core/src/vocabulary.ts ("skipped: cached at …", "replays failure …", "runs").
// Every user-derived string is escaped (see markdown.ts).
import * as path from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { StepInfo } from '../../../core/src/analysis';
import { toLspRange } from '../convert';
import type { FolderProject } from '../project';
import type { SnapshotFile } from '../snapshots';
import { code, plain, text } from './markdown';
import { planFor, stepAtPosition } from './replay';
import { stateLabel } from '../../../core/src/vocabulary';

const KEY_SOURCE: Record<StepInfo['keySource'], string> = {
  id: 'the id',
  'key-option': 'the key option',
  'bound-counter': 'the bound-step counter',
  'stream-position': 'the stream position',
  none: 'nothing',
};

function keyShown(step: StepInfo): string {
  if (!step.key) return step.recordedKey ? `none (recorded as ${code(step.recordedKey.value ?? step.recordedKey.pattern ?? step.recordedKey.text)}, never restored)` : 'none (not cached)';
  if (step.key.value !== undefined) return `${code(step.key.value)} (from ${KEY_SOURCE[step.keySource]})`;
  if (step.key.form === 'opaque') return `unknown, not dynamic: the options ${code(step.key.text)} are built by code the analysis does not evaluate (their key if they have one, else the id)`;
  return `pattern ${code(step.key.pattern ?? step.key.text)} (from ${KEY_SOURCE[step.keySource]})`;
}

export function stateLine(folder: FolderProject, sf: SnapshotFile, w: { id: string }, step: StepInfo): string | undefined {
  const planned = planFor(folder, sf);
  if (!('plan' in planned) || planned.workflow.id !== w.id) return undefined;
  const sp = planned.plan.steps.find((s) => s.index === step.index);
  if (!sp) return undefined;
  const name = code(path.basename(sf.file));
  const when = sp.conditional ? ' (when reached)' : '';
  if (sp.iterations) {
    // A loop step: each snapshot entry is one iteration.
    const shown = sp.iterations.slice(0, 5).map((i) => `${i.entryKey !== undefined ? code(i.entryKey) : 'other keys'} ${text(i.state === 'replay-failure' ? `${stateLabel(i.state)} ${sf.failures.get(i.entryKey ?? '') ?? 'unknown'}` : stateLabel(i.state))}`);
    return `${name}: per iteration: ${shown.join(', ')}${sp.iterations.length > 5 ? ', …' : ''}`;
  }
  switch (sp.state) {
    case 'skipped':
      return `${name}: ${stateLabel(sp.state)}${when}: cached${sf.lastUpdated ? ` at ${code(sf.lastUpdated)}` : ''} under ${code(sp.entryKey ?? '')}`;
    case 'replay-failure':
      return `${name}: ${stateLabel(sp.state)} ${code(sf.failures.get(sp.entryKey ?? '') ?? 'unknown')}${when}: the saved failure is returned without running the step`;
    case 'runs':
      return `${name}: ${stateLabel(sp.state)}${sp.entryKey ? ` (its entry ${code(sp.entryKey)} is recorded but never restored)` : ''}`;
    case 'maybe':
      if (step.key?.form === 'opaque') return `${name}: ${stateLabel(sp.state)}: ${sp.matches?.length ? `cached under its id ${code(sp.matches[0]!)} unless its options hold a key` : 'its options are not statically known'}`;
      return `${name}: ${stateLabel(sp.state)}: the key pattern matches ${(sp.matches ?? []).slice(0, 5).map((m) => code(m)).join(', ')}`;
    case 'not-reached':
      return `${name}: ${stateLabel(sp.state)}: an earlier step replays a saved failure`;
  }
}

export function hover(folder: FolderProject, file: string, position: Position, active: SnapshotFile[], markdown: boolean): Hover | null {
  // A snapshot's state needs the replay plan, which reads every step of the file: analyse it first, so the step below
  // comes from that analysis. With none active, a hover right after an edit builds only its own step.
  if (active.length) folder.analyzeFile(file);
  const found = stepAtPosition(folder, file, position);
  if (!found) return null;
  const { step, workflow: w } = found;
  const kind = step.kind === 'step' ? 'step' : step.kind === 'bound' ? `bound step (steps.${step.method})` : `step.${step.method}`;
  const lines: string[] = [];
  lines.push(`**awaitly ${text(kind)}** ${step.id ? code(step.id.value ?? step.id.pattern ?? step.id.text) : ''} in workflow ${code(w.label)}`);
  lines.push('');
  lines.push(`- key: ${keyShown(step)}`);
  lines.push(`- kind: ${code(step.kind)}, ${text(step.restore === 'restored' ? 'restored on resume' : step.restore === 'recorded-only' ? 'recorded but never restored' : 'not recorded')}`);
  lines.push(`- ${text(step.keyRule)}`);
  const states = active.map((sf) => stateLine(folder, sf, w, step)).filter((s): s is string => !!s);
  lines.push('');
  lines.push('---');
  lines.push('');
  if (states.length) for (const s of states) lines.push(`- ${s}`);
  else lines.push(text(active.length ? 'No active snapshot belongs to this workflow.' : 'No active snapshot: open a snapshot file or set awaitlyLens.activeSnapshots.'));
  const value = lines.join('\n');
  return {
    contents: markdown ? { kind: MarkupKind.Markdown, value } : { kind: MarkupKind.PlainText, value: plain(value) },
    range: toLspRange(step.calleeRange),
  };
}
