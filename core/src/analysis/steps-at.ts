// Which step calls a source position is on: the one rule for hovers, go-to-definition and a step built alone
// (analyze-file.ts stepAt), so that the step built alone is the step the whole file's analysis would show there.
import type { Range } from '../diagnostic';

/** The items whose range holds the position (1-based line and column, both ends inclusive), innermost first; ties keep their order. */
export function innermostAt<T extends { file: string; range: Range }>(items: Iterable<T>, file: string, line: number, column: number): T[] {
  const hits: T[] = [];
  for (const s of items) {
    if (s.file !== file) continue;
    const r = s.range;
    if (line < r.start.line || line > r.end.line) continue;
    if (line === r.start.line && column < r.start.column) continue;
    if (line === r.end.line && column > r.end.column) continue;
    hits.push(s);
  }
  return hits.sort((a, b) => a.range.endOffset - a.range.startOffset - (b.range.endOffset - b.range.startOffset));
}
