// A unified diff (as `diff -u` / git print it) of one file's text before and after fixing, for `check --fix-dry-run`.
// Line-based LCS on the changed middle only (fixes touch a few lines of a file), with 3 lines of context.

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  // Common prefix and suffix first: the LCS table then covers only the changed middle.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length;
  const m = bm.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = am[i] === bm[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: Op[] = a.slice(0, pre).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      ops.push({ kind: ' ', line: am[i]! });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ kind: '+', line: bm[j++]! });
    else ops.push({ kind: '-', line: am[i++]! });
  }
  // Removals before additions within a change, as diff prints them.
  for (let k = 1; k < ops.length; k++) {
    for (let x = k; x > 0 && ops[x]!.kind === '-' && ops[x - 1]!.kind === '+'; x--) [ops[x - 1], ops[x]] = [ops[x]!, ops[x - 1]!];
  }
  ops.push(...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line })));
  return ops;
}

/** `--- a/<file>` / `+++ b/<file>` and the hunks; '' when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change within 2*CONTEXT of it.
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    for (let x = k; x < ops.length; x++) {
      if (ops[x]!.kind !== ' ') end = x;
      else if (x - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    let aLine = 1 + ops.slice(0, start).filter((o) => o.kind !== '+').length;
    let bLine = 1 + ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    if (aCount === 0) aLine--;
    if (bCount === 0) bLine--;
    out.push(`@@ -${aLine},${aCount} +${bLine},${bCount} @@`, ...hunk.map((o) => o.kind + o.line));
    k = stop;
  }
  return out.join('\n') + '\n';
}
