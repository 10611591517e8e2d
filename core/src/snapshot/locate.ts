// Where a few paths are in a snapshot's text, for a file small enough to hold no large entry (the usual file with
// a finding). scanJson does the same in one general pass, but that pass is a big function: in a run over 10,000
// small files of which 500 had a finding, it ran mostly unoptimised and cost ~18 ms more than this descent
// (which enters only containers on a wanted path and skips every other value with skipContainer, as scanJson
// does). The located places are scanJson's, to the character; the differential test in locate.test.ts holds
// the two together.
import { LineIndex } from '../text';
import { toPointer } from './pointer';
import { type Located, type PathTrie, decodeKey, primitiveEnd, skipContainer, stringEnd } from './scan';

const scratch = new Float64Array(3);

/**
 * The Located of every wanted path in valid JSON text, by JSON Pointer (a repeated key: its last occurrence).
 * `unique`: the caller knows no object repeats a key (analyze.ts keysDropped); then the top-level value is left as
 * soon as every wanted member of it is placed, its end being the text's last non-blank character: the usual finding
 * of a small file (a bad formatVersion, an execution field) sits before its steps, which are then not run over.
 */
export function locateWanted(text: string, want: PathTrie, unique = false): Map<string, Located> {
  const located = new Map<string, Located>();
  const n = text.length;
  let lines: LineIndex | undefined;
  let i = 0;

  const ws = (): void => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const skipValue = (): void => {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) i = skipContainer(text, i, scratch);
    else if (c === 34) i = stringEnd(text, i) + 1;
    else i = primitiveEnd(text, i);
  };
  const place = (path: (string | number)[], keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void => {
    lines ??= new LineIndex(text);
    const key = keyStart >= 0 ? lines.positionAt(keyStart) : undefined;
    const value = lines.positionAt(valueStart);
    const end = lines.positionAt(valueEnd);
    located.set(toPointer(path), {
      path,
      keyStart,
      keyEnd,
      keyLine: key ? key.line : -1,
      keyColumn: key ? key.column : -1,
      valueStart,
      valueEnd,
      valueLine: value.line,
      valueColumn: value.column,
      endLine: end.line,
      endColumn: end.column,
    });
  };

  // The value at i, reached by `path` (`trie` its node), is skipped or entered; i ends just past it.
  const visit = (trie: PathTrie, path: (string | number)[], keyStart: number, keyEnd: number): void => {
    const start = i;
    const c = text.charCodeAt(i);
    if ((c === 123 || c === 91) && trie.children.size > 0) {
      i++;
      ws();
      let index = 0;
      // Wanted members not yet placed, counted for the top-level value only (see `unique`).
      let pending = unique && path.length === 0 ? trie.children.size : -1;
      while (text.charCodeAt(i) !== c + 2 /* the closing } or ] */ && i < n) {
        if (pending === 0) {
          let end = n;
          for (let w = text.charCodeAt(end - 1); w === 32 || w === 10 || w === 13 || w === 9; w = text.charCodeAt(--end - 1));
          i = end - 1; // the closing bracket, passed below
          break;
        }
        if (c === 123) {
          const open = i;
          const close = stringEnd(text, i);
          i = close + 1;
          ws();
          i++; // the colon
          ws();
          const key = decodeKey(text, open, close);
          const child = trie.children.get(key);
          if (child) {
            visit(child, [...path, key], open, close + 1);
            pending--;
          } else skipValue();
        } else {
          const child = trie.children.get(String(index));
          if (child) {
            visit(child, [...path, index], -1, -1);
            pending--;
          } else skipValue();
          index++;
        }
        ws();
        if (text.charCodeAt(i) === 44) {
          i++;
          ws();
        }
      }
      i++;
    } else skipValue();
    if (trie.wanted) place(path, keyStart, keyEnd, start, i);
  };

  ws();
  visit(want, [], -1, -1);
  return located;
}
