// Offsets ↔ 1-based line/column, in one place (as vscode-eslint keeps path conversions in one file).
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
