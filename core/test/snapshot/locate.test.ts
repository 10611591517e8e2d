// locateWanted (locate.ts: the descent that places a small file's findings) against scanJson, which places them in
// big files: the same Located for every wanted path, to the character, on every JSON file under test-fixtures/ and
// on generated texts with the layouts JSON allows (compact, tabs, CRLF, escaped and repeated keys, deep arrays).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { locateWanted } from '../../src/snapshot/locate';
import { PathTrie, countMembers, countMembersInText, scanJson } from '../../src/snapshot/scan';
import { jsonFiles } from '../support/jsonFiles';
import { mulberry32 } from '../support/prng';

const root = path.resolve(__dirname, '..', '..', '..');

type Path = (string | number)[];

/** Every path in a parsed value (its own keys, as JSON.parse keeps them). */
function allPaths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...at, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) allPaths(v, [...at, k], out);
  return out;
}

/** A trie of some of the text's paths, their ancestors, and (unless `onlyThere`) a few that are not there. */
function someWanted(paths: Path[], rand: () => number, share: number, onlyThere = false): PathTrie {
  const trie = new PathTrie();
  for (const p of paths) {
    if (rand() >= share) continue;
    for (let len = 0; len <= p.length; len++) trie.add(p.slice(0, len));
  }
  if (onlyThere) return trie;
  trie.add(['no-such-key']);
  trie.add(['steps', 'no-such-step', 'value']);
  trie.add([0, 'x']);
  return trie;
}

function assertSamePlaces(text: string, trie: PathTrie, what: string, unique = false): void {
  const expected = scanJson(text, { want: trie }).located;
  const actual = locateWanted(text, trie, unique);
  assert.deepEqual([...actual.entries()].sort(), [...expected.entries()].sort(), what);
}

/** JSON text of a value in one of the layouts JSON allows, some with a key repeated (JSON.parse keeps the last). */
function layouts(value: unknown): string[] {
  const pretty = JSON.stringify(value, null, 2);
  return [
    pretty,
    JSON.stringify(value),
    JSON.stringify(value, null, '\t'),
    pretty.replace(/\n/g, '\r\n'),
    pretty.replace(/": /g, '"  :\n  '),
    // A member repeated at the top and inside the first object member: JSON.parse keeps the later one.
    pretty.replace(/^\{\n/, '{\n  "steps": {"dup": 1, "dup": [2, {"a": 3}]},\n'),
  ];
}

describe('snapshot: locateWanted places what scanJson places', () => {
  it('on every JSON file under test-fixtures/, every path and random shares of them', () => {
    const files = jsonFiles(path.join(root, 'test-fixtures'));
    assert.ok(files.length > 40, `fixtures found: ${files.length}`);
    const rand = mulberry32(11);
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue; // Deliberately broken fixtures: neither locator runs on text JSON.parse rejects.
      }
      const paths = allPaths(value);
      for (const share of [1, 0.2, 0.02]) {
        assertSamePlaces(text, someWanted(paths, rand, share), `${path.relative(root, file)} (share ${share})`);
        compared++;
      }
    }
    assert.ok(compared > 120);
  });

  it('on generated values in every layout, with escaped, unusual and repeated keys', () => {
    const rand = mulberry32(5);
    const keys = ['a', 'steps', 'with "quote"', 'back\\slash', 'é', '', 'a/b~c', '0', 'line\nbreak', '\u2028'];
    const gen = (depth: number): unknown => {
      const r = rand();
      if (depth > 4 || r < 0.3) return [1, -2.5e3, 'str "q" \\ é', true, null, '', '{[,:]}'][Math.floor(rand() * 7)];
      if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let k = Math.floor(rand() * 5); k > 0; k--) o[keys[Math.floor(rand() * keys.length)]!] = gen(depth + 1);
      return o;
    };
    for (let n = 0; n < 300; n++) {
      const value = { formatVersion: 1, steps: gen(1), execution: gen(2), list: [gen(2), [gen(3)]] };
      for (const text of layouts(value)) {
        const paths = allPaths(JSON.parse(text));
        assertSamePlaces(text, someWanted(paths, rand, n % 3 === 0 ? 1 : 0.3), `case ${n}: ${text.slice(0, 80)}`);
      }
    }
  });

  it('with `unique`, leaving the top level once its wanted members are placed, places the same', () => {
    const rand = mulberry32(23);
    let compared = 0;
    for (const file of jsonFiles(path.join(root, 'test-fixtures'))) {
      const text = readFileSync(file, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (countMembersInText(text) !== countMembers(value)) continue; // a repeated key: unique does not hold
      const paths = allPaths(value);
      // The first member alone (a bad formatVersion: the usual case), a few members, and random shares.
      const first = paths.find((p) => p.length === 1);
      const tries = [someWanted(paths, rand, 0.02, true), someWanted(paths, rand, 0.3, true)];
      if (first) tries.push(someWanted([first], rand, 1, true));
      for (const trie of tries) assertSamePlaces(text, trie, path.relative(root, file), true);
      compared += tries.length;
    }
    assert.ok(compared > 100, `compared ${compared}`);
    // Trailing blanks of every kind after the top-level value, and a top-level array.
    for (const text of ['{"formatVersion": "1", "steps": {"a": [1, {"b": 2}]}} \r\n\t \n', '[{"a": 1}, [2, 3], "x"]\n\n']) {
      const paths = allPaths(JSON.parse(text));
      for (const p of paths) assertSamePlaces(text, someWanted([p], rand, 1, true), `${JSON.stringify(text)} at ${JSON.stringify(p)}`, true);
    }
  });

  it('with `unique`, does not run over the rest of the top level: a later repeated key is not seen', () => {
    // Only analyze.ts's keysDropped (no key repeated anywhere) may turn `unique` on: this shows why.
    const text = '{"formatVersion": "1", "steps": {}, "formatVersion": 2}';
    const trie = new PathTrie();
    trie.addWithAncestors(['formatVersion']);
    const early = locateWanted(text, trie, true).get('/formatVersion')!;
    const whole = locateWanted(text, trie).get('/formatVersion')!;
    assert.equal(text.slice(early.valueStart, early.valueEnd), '"1"');
    assert.equal(text.slice(whole.valueStart, whole.valueEnd), '2');
    assert.equal(locateWanted(text, trie, true).get('')!.valueEnd, text.length);
  });

  it('gives a repeated key the place of its last occurrence, as JSON.parse keeps the last value', () => {
    const text = '{"steps": {"a": {"ok": true}, "a": {"ok": false}}}';
    const trie = new PathTrie();
    trie.add(['steps', 'a', 'ok']);
    const at = locateWanted(text, trie).get('/steps/a/ok');
    assert.equal(text.slice(at!.valueStart, at!.valueEnd), 'false');
    assert.equal(at!.keyColumn, text.lastIndexOf('"ok"') + 1);
  });
});
