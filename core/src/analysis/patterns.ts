// Matching partly known keys: `posts:${…}` patterns against concrete snapshot keys, and pattern-vs-pattern
// overlap for the colliding-step-keys rule.
import type { StaticString } from './types';

/**
 * The unknown part of a partly known key (`posts:${…}`). Here, not in key-eval.ts, so that matching keys
 * (replay plans, store checks, `validate`) never loads TypeScript.
 */
export const HOLE = '${…}';

/** Splits a pattern into literal text and holes (null). */
export function segments(pattern: string): Array<string | null> {
  const out: Array<string | null> = [];
  pattern.split(HOLE).forEach((lit, i) => {
    if (i > 0) out.push(null);
    if (lit) out.push(lit);
  });
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiled once per analysed string: a store check asks the same few patterns about millions of keys. */
const compiled = new WeakMap<StaticString, RegExp | null>();

export function patternRegExp(s: StaticString): RegExp | undefined {
  let re = compiled.get(s);
  if (re === undefined) {
    const source = s.regex ?? (s.pattern === undefined ? undefined : `^${segments(s.pattern).map((p) => (p === null ? '[\\s\\S]*' : escapeRegExp(p))).join('')}$`);
    re = source === undefined ? null : new RegExp(source);
    compiled.set(s, re);
  }
  return re ?? undefined;
}

/** Can this static string produce `key` at run time? (An opaque key can be anything.) */
export function canProduce(s: StaticString, key: string): boolean {
  return keyMatcher(s)(key);
}

const matchers = new WeakMap<StaticString, (key: string) => boolean>();

/**
 * canProduce(s, ·), made once per analysed string (a store check asks a workflow's patterns about every entry of
 * millions of rows). A pattern with one hole (`s1:${…}`, the usual template key) is a prefix and suffix test, which
 * is what its regular expression ^prefix[\s\S]*suffix$ says, at a fraction of the cost.
 */
export function keyMatcher(s: StaticString): (key: string) => boolean {
  let m = matchers.get(s);
  if (!m) {
    m = makeMatcher(s);
    matchers.set(s, m);
  }
  return m;
}

function makeMatcher(s: StaticString): (key: string) => boolean {
  if (s.value !== undefined) {
    const value = s.value;
    return (key) => key === value;
  }
  if (s.form === 'opaque') return () => true;
  const parts = s.regex === undefined ? s.pattern?.split(HOLE) : undefined;
  if (parts?.length === 2) {
    const [prefix, suffix] = parts as [string, string];
    const min = prefix.length + suffix.length;
    return (key) => key.length >= min && key.startsWith(prefix) && key.endsWith(suffix);
  }
  const re = patternRegExp(s);
  return re ? (key) => re.test(key) : () => false;
}

/** Is there a string both patterns can produce? Holes match any text (glob intersection). */
export function patternsOverlap(a: string, b: string): boolean {
  const x = toGlob(a);
  const y = toGlob(b);
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const id = i * (y.length + 1) + j;
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (i < x.length && x[i] === null) r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === null) r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else r = i < x.length && j < y.length && x[i] === y[j] && go(i + 1, j + 1);
    memo.set(id, r);
    return r;
  };
  return go(0, 0);
}

/** One entry per character, null for a hole. */
function toGlob(pattern: string): Array<string | null> {
  const out: Array<string | null> = [];
  for (const seg of segments(pattern)) {
    if (seg === null) out.push(null);
    else for (const ch of seg) out.push(ch);
  }
  return out;
}

/** The text a static string stands for, as a pattern (exact values have no holes). */
export function asPattern(s: StaticString): string {
  return s.value ?? s.pattern ?? HOLE;
}
