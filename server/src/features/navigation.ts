// Go to definition from a key in a snapshot JSON file to the step call(s) that produce it; find references
// from a step call to the snapshot files and JSON ranges that hold its key.
import * as jsonc from 'jsonc-parser';
import type { Location, Position } from 'vscode-languageserver/node';
import { LineIndex } from '../../../core/src/text';
import { lspPositionToOffset, toLocation } from '../convert';
import type { FolderProject } from '../project';
import { keyRange } from '../snapshots';
import { matchWorkflow, stepAtPosition, stepProduces } from './replay';

/** The step key at a position in a snapshot / resume-state text, if the position is on one. */
export function keyAt(text: string, kind: 'snapshot' | 'resume-state', position: Position): string | undefined {
  const offset = lspPositionToOffset(new LineIndex(text), position);
  const loc = jsonc.getLocation(text, offset);
  const p = loc.path;
  if (p[0] !== 'steps' || p.length < 2) return undefined;
  if (kind === 'snapshot') return typeof p[1] === 'string' ? p[1] : undefined;
  if (typeof p[1] !== 'number') return undefined;
  const tree = jsonc.parseTree(text);
  const node = tree && jsonc.findNodeAtLocation(tree, ['steps', p[1], 0]);
  return node && typeof node.value === 'string' ? node.value : undefined;
}

export function definition(folder: FolderProject, file: string, text: string, position: Position): Location[] {
  const sf = folder.snapshots.get(file);
  if (!sf) return [];
  const key = keyAt(text, sf.kind, position);
  if (key === undefined) return [];
  const workflows = folder.workflows();
  const match = matchWorkflow(workflows, sf);
  const pool = match.workflow ? [match.workflow] : workflows;
  const steps = pool.flatMap((w) => w.steps).filter((s) => stepProduces(s, key));
  // Exact keys before patterns: `payment:cart-1001` lands on the step whose key is that template first.
  steps.sort((a, b) => Number(a.key?.value !== key) - Number(b.key?.value !== key));
  return steps.map((s) => toLocation(s.file, s.range));
}

export function references(folder: FolderProject, file: string, position: Position, includeDeclaration: boolean, openFiles: Iterable<string>): Location[] {
  const step = stepAtPosition(folder, file, position)?.step;
  if (!step) return [];
  const out: Location[] = includeDeclaration ? [toLocation(step.file, step.range)] : [];
  const workflows = folder.workflows();
  for (const sf of folder.snapshots.all(openFiles)) {
    const match = matchWorkflow(workflows, sf);
    if (match.workflow && match.workflow.id !== step.workflow) continue;
    for (const e of sf.input.entries) {
      if (!stepProduces(step, e.key)) continue;
      const r = keyRange(sf, e.key);
      if (r) out.push(toLocation(sf.file, r));
    }
  }
  return out;
}
