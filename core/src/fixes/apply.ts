// Applying several fixes to one text, as ESLint does: in order of position, a fix whose edits overlap an
// already accepted one is left out (reported, so a second run can apply it to the new text). Deterministic: the
// order is by start offset, then end offset, then rule code, then title.
import type { Fix, TextEdit } from './types';

export interface Applied<F extends Fix = Fix> {
  text: string;
  /** Fixes whose edits are in `text` (several findings can share one edit). */
  applied: F[];
  /** Fixes left out because their edits overlap an applied fix's. */
  skipped: F[];
}

function span(fix: Fix): [number, number] {
  return [Math.min(...fix.edits.map((e) => e.startOffset)), Math.max(...fix.edits.map((e) => e.endOffset))];
}

/** Two edits conflict when their ranges intersect, or both insert at the same offset (the order would be a guess). */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  const aInsert = a.startOffset === a.endOffset;
  const bInsert = b.startOffset === b.endOffset;
  if (aInsert && bInsert) return a.startOffset === b.startOffset;
  if (aInsert) return b.startOffset < a.startOffset && a.startOffset < b.endOffset;
  if (bInsert) return a.startOffset < b.startOffset && b.startOffset < a.endOffset;
  return a.startOffset < b.endOffset && b.startOffset < a.endOffset;
}

export function orderFixes<F extends Fix>(fixes: readonly F[]): F[] {
  return [...fixes].sort((a, b) => {
    const [as, ae] = span(a);
    const [bs, be] = span(b);
    return as - bs || ae - be || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
  });
}

const same = (a: TextEdit, b: TextEdit): boolean => a.startOffset === b.startOffset && a.endOffset === b.endOffset && a.newText === b.newText;

/**
 * The fixes that can be applied together (no two overlap) with their edits, and the rest. A fix whose edits are
 * all already taken (two findings with one fix, such as both ends of a duplicate) counts as applied.
 */
export function selectFixes<F extends Fix>(fixes: readonly F[]): { applied: F[]; skipped: F[]; edits: TextEdit[] } {
  const applied: F[] = [];
  const skipped: F[] = [];
  const taken: TextEdit[] = [];
  for (const f of orderFixes(fixes)) {
    if (f.edits.every((e) => taken.some((t) => same(e, t)))) applied.push(f);
    else if (f.edits.some((e) => taken.some((t) => conflicts(e, t) || same(e, t)))) skipped.push(f);
    else {
      applied.push(f);
      taken.push(...f.edits);
    }
  }
  return { applied, skipped, edits: taken };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  // From the end, so earlier offsets stay valid.
  for (const e of [...edits].sort((a, b) => b.startOffset - a.startOffset || b.endOffset - a.endOffset)) {
    out = out.slice(0, e.startOffset) + e.newText + out.slice(e.endOffset);
  }
  return out;
}

export function applyFixes<F extends Fix>(text: string, fixes: readonly F[]): Applied<F> {
  const { applied, skipped, edits } = selectFixes(fixes);
  return { text: applyEdits(text, edits), applied, skipped };
}
