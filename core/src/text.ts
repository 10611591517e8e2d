// Offsets ↔ 1-based line/column, in one place (as vscode-eslint keeps path conversions in one file).
import { diffArrays } from 'diff';
import type { Position, Range } from './diagnostic';

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // indexOf jumps are much faster than a char loop on multi-megabyte files.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = lineOf(this.lineStarts, clamped);
    return { line: line + 1, column: clamped - this.lineStarts[line]! + 1 };
  }

  offsetAt(position: Position): number {
    const start = this.lineStarts[Math.max(0, Math.min(position.line - 1, this.lineStarts.length - 1))]!;
    return Math.min(this.text.length, start + Math.max(0, position.column - 1));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset), startOffset, endOffset };
  }
}

/** The 0-based line holding `offset`: the last of the line starts at or before it, searched from line `from` on. */
export function lineOf(starts: readonly number[], offset: number, from = 0): number {
  let lo = from;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How many characters two spans of two texts share at their start, then (of the rest) at their end: what is left
 * between is what changed. Spans default to the whole texts.
 */
export function sameEnds(a: string, b: string, aStart = 0, aEnd = a.length, bStart = 0, bEnd = b.length): { prefix: number; suffix: number } {
  let prefix = 0;
  const max = Math.min(aEnd - aStart, bEnd - bStart);
  while (prefix < max && a.charCodeAt(aStart + prefix) === b.charCodeAt(bStart + prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(aEnd - 1 - suffix) === b.charCodeAt(bEnd - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/** One changed part of a text: the old text's [start, oldEnd) is the new text's [newStart, newEnd). */
export interface ChangedSpan {
  start: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Past this many changed lines an edit is taken as one span (a paste, a reformat). */
const MAX_EDIT_LINES = 64;

/**
 * The changes between two texts, in order, as whole lines. One changed line (typing): that line. Else the lines that
 * differ (an edit may be in several places: an undo, a replace-all), by jsdiff over the lines between the first and
 * the last difference; past MAX_EDIT_LINES, the span between the common prefix and suffix.
 */
export function changedSpans(oldText: string, newText: string): ChangedSpan[] {
  const { prefix: a, suffix } = sameEnds(oldText, newText);
  const bOld = oldText.length - suffix;
  const bNew = newText.length - suffix;
  const from = oldText.lastIndexOf('\n', a - 1) + 1;
  const nl = oldText.indexOf('\n', bOld);
  const extra = nl < 0 ? oldText.length - bOld : nl + 1 - bOld;
  if (oldText.lastIndexOf('\n', bOld - 1) < from && newText.lastIndexOf('\n', bNew - 1) < from) {
    return [{ start: from, oldEnd: bOld + extra, newStart: from, newEnd: bNew + extra }];
  }
  const changes = diffArrays(linesOf(oldText.slice(from, bOld + extra)), linesOf(newText.slice(from, bNew + extra)), { maxEditLength: MAX_EDIT_LINES });
  if (!changes) return [{ start: a, oldEnd: bOld, newStart: a, newEnd: bNew }];
  const spans: ChangedSpan[] = [];
  let o = from;
  let n = from;
  let open: ChangedSpan | undefined;
  for (const c of changes) {
    const length = c.value.reduce((sum, l) => sum + l.length, 0);
    if (!c.added && !c.removed) {
      if (open) spans.push(open);
      open = undefined;
      o += length;
      n += length;
      continue;
    }
    open ??= { start: o, oldEnd: o, newStart: n, newEnd: n };
    if (c.removed) open.oldEnd = o += length;
    else open.newEnd = n += length;
  }
  if (open) spans.push(open);
  return spans;
}

function linesOf(text: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}
