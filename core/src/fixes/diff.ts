// A unified diff (as `diff -u` / git print it) of one file's text before and after fixing, for `check --fix-dry-run`.
// jsdiff (already the line differ of core/src/text.ts) makes it: Myers' diff, so fixes far apart in a large file cost
// time in the changed lines, not in the lines between them squared; a last line without a newline gets git's
// "\ No newline at end of file"; a path git would quote is quoted.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

const CONTEXT = 3;

/** `--- a/<file>` / `+++ b/<file>` and the hunks; '' when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: CONTEXT, headerOptions: FILE_HEADERS_ONLY });
}
