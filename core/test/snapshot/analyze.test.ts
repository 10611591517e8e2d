import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as jsonc from 'jsonc-parser';
import { analyzeSnapshotText, parsePointer, PathTrie, scanJson, toPointer } from '../../src/snapshot';
import type { Diagnostic, Range } from '../../src/diagnostic';
import { mulberry32 } from '../support/prng';
import { colonsIn, countMembers, countMembersInText, membersAndColons } from '../../src/snapshot/scan';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test-fixtures', 'snapshots');
const workspaceSnapshots = path.join(root, 'test-fixtures', 'example-workspace', 'snapshots');
const read = (dir: string, f: string): string => readFileSync(path.join(dir, f), 'utf8');
const manifest = JSON.parse(read(fixtures, 'manifest.json')) as { files: { file: string; kind: string }[] };

/** The text a range covers, by offsets, and checked against its line/column form. */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  let offset = 0;
  for (let l = 1; l < range.start.line; l++) offset += lines[l - 1]!.length + 1;
  assert.equal(offset + range.start.column - 1, range.startOffset, 'line/column and offset disagree');
  return text.slice(range.startOffset, range.endOffset);
}

function codes(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}

/** Edit a real fixture as an object and re-serialise it the way durable's stores do. */
function derive(file: string, edit: (o: any) => void, space: number | string = 2): string {
  const o = JSON.parse(read(fixtures, file));
  edit(o);
  return JSON.stringify(o, null, space);
}

/**
 * Cross-check every located diagnostic against jsonc-parser's tree: the range must start at the
 * node's value, or at its property key, or (for a missing field) at the object or its key.
 */
function assertRangesMatchJsonc(text: string, ds: readonly Diagnostic[]): void {
  const tree = jsonc.parseTree(text);
  assert.ok(tree, 'jsonc-parser parses the text');
  for (const d of ds) {
    if (d.jsonPath === undefined || d.code === 'invalid-json') continue;
    const segs: (string | number)[] = [];
    for (const s of parsePointer(d.jsonPath)) {
      const parent = jsonc.findNodeAtLocation(tree, segs);
      segs.push(parent?.type === 'array' ? Number(s) : s);
    }
    let node = jsonc.findNodeAtLocation(tree, segs);
    for (let k = segs.length - 1; !node && k >= 0; k--) node = jsonc.findNodeAtLocation(tree, segs.slice(0, k));
    assert.ok(node, `jsonc finds ${d.jsonPath} or an ancestor`);
    const starts = [node.offset];
    if (node.parent?.type === 'property') starts.push(node.parent.children![0]!.offset);
    if (d.code !== 'duplicate-key') {
      assert.ok(starts.includes(d.range.startOffset), `${d.code} at ${d.jsonPath}: range starts at ${d.range.startOffset}, jsonc says ${starts.join(' or ')}`);
    }
  }
}

describe('analyzeSnapshotText on real awaitly output', () => {
  for (const entry of manifest.files) {
    it(`${entry.file}: ${entry.kind}, awaitly accepts it, no errors`, () => {
      const r = analyzeSnapshotText(read(fixtures, entry.file));
      assert.equal(r.kind, entry.kind === 'SerializedResumeState' ? 'resume-state' : 'snapshot');
      assert.equal(r.looksLikeSnapshot, true);
      assert.equal(r.verdict.valid, true, r.verdict.errors.join('; '));
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    });
  }

  it('reports the ok(undefined) step of the last checkpoint as info, not as an error', () => {
    const text = read(fixtures, 'completed-last-checkpoint.json');
    const r = analyzeSnapshotText(text);
    const infos = r.diagnostics.filter((d) => d.code === 'missing-step-value');
    assert.equal(infos.length, 1);
    assert.equal(infos[0]!.severity, 'info');
    assert.match(textAt(text, infos[0]!.range), /^\{[\s\S]*"ok": true[\s\S]*\}$/);
  });

  it('finds the example workspace problems: missing cause, duplicated step key; skips notes.json', () => {
    const missing = read(workspaceSnapshots, 'checkout-missing-cause.json');
    const r1 = analyzeSnapshotText(missing);
    assert.equal(r1.verdict.valid, false);
    const err = r1.diagnostics.find((d) => d.code === 'missing-required-field')!;
    assert.match(err.message, /missing cause field/);
    assert.match(textAt(missing, err.range), /^"payment:/);

    const dup = read(workspaceSnapshots, 'checkout-duplicate-step-key.json');
    const r2 = analyzeSnapshotText(dup);
    const d = r2.diagnostics.find((x) => x.code === 'duplicate-key')!;
    assert.equal(d.jsonPath, '/steps/payment:cart-1001');
    assert.equal(textAt(dup, d.range), '"payment:cart-1001"');
    assert.equal(d.related!.length, 1);
    assert.ok(d.related![0]!.range.startOffset < d.range.startOffset, 'related points at the earlier, overwritten key');
    assert.equal(textAt(dup, d.related![0]!.range), '"payment:cart-1001"');

    const notes = analyzeSnapshotText(read(workspaceSnapshots, 'notes.json'));
    assert.equal(notes.kind, 'other');
    assert.equal(notes.looksLikeSnapshot, false);
  });
});

describe('analyzeSnapshotText: errors awaitly reports, with positions', () => {
  const cases: { name: string; text: () => string; code: string; pointer: string; covers: RegExp }[] = [
    { name: 'formatVersion 2', text: () => derive('failed-err-result.json', (o) => (o.formatVersion = 2)), code: 'invalid-format-version', pointer: '/formatVersion', covers: /^2$/ },
    { name: 'formatVersion "1"', text: () => derive('failed-err-result.json', (o) => (o.formatVersion = '1')), code: 'invalid-format-version', pointer: '/formatVersion', covers: /^"1"$/ },
    { name: 'missing formatVersion', text: () => derive('failed-err-result.json', (o) => delete o.formatVersion), code: 'missing-required-field', pointer: '', covers: /^\{$/ },
    { name: 'steps null', text: () => derive('failed-err-result.json', (o) => (o.steps = null)), code: 'invalid-steps', pointer: '/steps', covers: /^null$/ },
    { name: 'step entry a string', text: () => derive('failed-err-result.json', (o) => (o.steps.reserve = 'done')), code: 'invalid-step-entry', pointer: '/steps/reserve', covers: /^"done"$/ },
    { name: 'ok missing', text: () => derive('failed-err-result.json', (o) => delete o.steps.reserve.ok), code: 'missing-required-field', pointer: '/steps/reserve', covers: /^"reserve"$/ },
    { name: 'ok "yes"', text: () => derive('failed-err-result.json', (o) => (o.steps.reserve.ok = 'yes')), code: 'invalid-step-ok', pointer: '/steps/reserve/ok', covers: /^"yes"$/ },
    { name: 'failure without cause', text: () => derive('failed-err-result.json', (o) => delete o.steps.charge.cause), code: 'missing-required-field', pointer: '/steps/charge', covers: /^"charge"$/ },
    { name: 'failure without error', text: () => derive('failed-err-result.json', (o) => delete o.steps.charge.error), code: 'missing-required-field', pointer: '/steps/charge', covers: /^"charge"$/ },
    { name: 'execution array', text: () => derive('failed-err-result.json', (o) => (o.execution = 7)), code: 'invalid-execution', pointer: '/execution', covers: /^7$/ },
    { name: 'status "done"', text: () => derive('failed-err-result.json', (o) => (o.execution.status = 'done')), code: 'invalid-status', pointer: '/execution/status', covers: /^"done"$/ },
    { name: 'lastUpdated a number', text: () => derive('failed-err-result.json', (o) => (o.execution.lastUpdated = 1764205703815)), code: 'invalid-last-updated', pointer: '/execution/lastUpdated', covers: /^1764205703815$/ },
    { name: 'no status', text: () => derive('failed-err-result.json', (o) => delete o.execution.status), code: 'missing-required-field', pointer: '/execution', covers: /^"execution"$/ },
  ];
  for (const c of cases) {
    for (const space of [2, 0, '\t'] as const) {
      it(`${c.name} (indent ${JSON.stringify(space)})`, () => {
        const text = space === 2 ? c.text() : JSON.stringify(JSON.parse(c.text()), null, space);
        const r = analyzeSnapshotText(text);
        assert.equal(r.verdict.valid, false);
        const d = r.diagnostics.find((x) => x.code === c.code);
        assert.ok(d, `expected ${c.code}, got ${codes(r.diagnostics).join(', ')}`);
        assert.equal(d.severity, 'error');
        assert.equal(d.jsonPath, c.pointer);
        assert.match(textAt(text, d.range), c.covers);
        assertRangesMatchJsonc(text, r.diagnostics);
      });
    }
  }

  it('keeps positions right with CRLF line endings', () => {
    const text = derive('failed-err-result.json', (o) => (o.execution.status = 'done')).replace(/\n/g, '\r\n');
    const d = analyzeSnapshotText(text).diagnostics.find((x) => x.code === 'invalid-status')!;
    assert.equal(text.slice(d.range.startOffset, d.range.endOffset), '"done"');
    const line = text.split('\n')[d.range.start.line - 1]!;
    assert.equal(line.slice(d.range.start.column - 1, d.range.end.column - 1), '"done"');
  });

  it('reports a resume state awaitly cannot deserialize', () => {
    const o = JSON.parse(read(fixtures, 'resume-state-failure.json'));
    delete o.steps[1][1].cause;
    o.steps.push('oops');
    const text = JSON.stringify(o, null, 2);
    const r = analyzeSnapshotText(text);
    assert.equal(r.kind, 'resume-state');
    assert.equal(r.verdict.valid, false);
    assert.deepEqual(codes(r.diagnostics.filter((d) => d.severity === 'error')).sort(), ['invalid-resume-state-entry', 'missing-required-field']);
    const bad = r.diagnostics.find((d) => d.code === 'invalid-resume-state-entry')!;
    assert.equal(bad.jsonPath, '/steps/2');
    assert.equal(textAt(text, bad.range), '"oops"');
  });
});

describe('analyzeSnapshotText: text that is not JSON', () => {
  const base = read(fixtures, 'failed-err-result.json');
  it('truncated file: error at the end, never a throw', () => {
    const text = base.slice(0, 200);
    const r = analyzeSnapshotText(text);
    assert.equal(r.verdict.valid, false);
    assert.equal(r.looksLikeSnapshot, true);
    const d = r.diagnostics[0]!;
    assert.equal(d.code, 'invalid-json');
    assert.match(d.message, /truncated|unterminated|end of file/);
    assert.ok(d.range.startOffset >= 190 && d.range.startOffset <= 200, `at ${d.range.startOffset}`);
  });
  it('byte order mark: its own error at 1:1, and the rest still analysed', () => {
    const r = analyzeSnapshotText('\uFEFF' + derive('failed-err-result.json', (o) => (o.execution.status = 'done')));
    assert.equal(r.diagnostics[0]!.code, 'invalid-json');
    assert.deepEqual(r.diagnostics[0]!.range.start, { line: 1, column: 1 });
    assert.match(r.diagnostics[0]!.message, /byte order mark/);
    assert.ok(r.diagnostics.some((d) => d.code === 'invalid-status'));
    assert.equal(r.verdict.valid, false);
  });
  it('trailing comma: named, at the comma', () => {
    const text = base.replace('"amount": 100\n', '"amount": 100,\n');
    const d = analyzeSnapshotText(text).diagnostics[0]!;
    assert.equal(d.code, 'invalid-json');
    assert.match(d.message, /trailing comma/);
    assert.equal(d.range.start.line, 16);
  });
  it('comments: named, at the comment', () => {
    const text = base.replace('"steps": {', '"steps": { // saved by worker 3');
    const d = analyzeSnapshotText(text).diagnostics[0]!;
    assert.match(d.message, /comments are not allowed/);
    assert.deepEqual(d.range.start, { line: 4, column: 14 });
  });
  it('empty file and random bytes: one clear error, not a snapshot', () => {
    for (const t of ['', '   ', 'garbage', '{"a":']) {
      const r = analyzeSnapshotText(t);
      assert.equal(r.verdict.valid, false);
      assert.equal(r.diagnostics[0]!.code, 'invalid-json');
      assert.equal(r.looksLikeSnapshot, false);
    }
  });
});

describe('analyzeSnapshotText: warnings beyond awaitly (never change the verdict)', () => {
  const warn = (text: string, code: string): Diagnostic => {
    const r = analyzeSnapshotText(text);
    assert.equal(r.verdict.valid, true, 'awaitly still accepts it');
    const d = r.diagnostics.find((x) => x.code === code);
    assert.ok(d, `expected ${code}, got ${codes(r.diagnostics).join(', ')}`);
    assert.notEqual(d.severity, 'error');
    assertRangesMatchJsonc(text, r.diagnostics);
    return d;
  };
  it('invalid-cause-shape: error cause without message, unknown type', () => {
    let text = derive('thrown-error-chain.json', (o) => delete Object.values<any>(o.steps).find((s) => !s.ok).cause.cause.message);
    assert.match(warn(text, 'invalid-cause-shape').message, /message/);
    text = derive('failed-err-result.json', (o) => (o.steps.charge.cause.type = 'oops'));
    const d = warn(text, 'invalid-cause-shape');
    assert.equal(d.jsonPath, '/steps/charge/cause/type');
    assert.equal(textAt(text, d.range), '"oops"');
  });
  it('invalid-cause-shape: a message awaitly cannot convert makes restore throw', () => {
    const text = derive('thrown-error-chain.json', (o) => (Object.values<any>(o.steps).find((s) => !s.ok).cause.message = { toString: 1 }));
    assert.match(warn(text, 'invalid-cause-shape').message, /throws a TypeError/);
  });
  it('non-iso-timestamp', () => {
    const text = derive('failed-err-result.json', (o) => (o.execution.lastUpdated = 'Fri Nov 27 2026'));
    assert.equal(textAt(text, warn(text, 'non-iso-timestamp').range), '"Fri Nov 27 2026"');
  });
  it('warning-unknown-step', () => {
    const text = derive('failed-err-result.json', (o) => (o.warnings = [{ type: 'lossy_value', stepId: 'gone', path: 'value', reason: 'non-json' }]));
    assert.equal(warn(text, 'warning-unknown-step').jsonPath, '/warnings/0/stepId');
  });
  it('prototype-key on a step key, at the key', () => {
    const text = read(fixtures, 'failed-err-result.json').replace('"reserve":', '"__proto__":');
    const d = warn(text, 'prototype-key');
    assert.equal(textAt(text, d.range), '"__proto__"');
  });
  it('unknown-current-step', () => {
    const text = derive('failed-err-result.json', (o) => (o.execution.currentStepId = 'refund'));
    assert.equal(textAt(text, warn(text, 'unknown-current-step').range), '"refund"');
  });
  it('completed-with-failed-step, with the failed step as related', () => {
    const text = derive('failed-err-result.json', (o) => (o.execution.status = 'completed'));
    const d = warn(text, 'completed-with-failed-step');
    assert.equal(textAt(text, d.related![0]!.range), '"charge"');
  });
  it('large-value with a small limit; none with the default', () => {
    const text = read(fixtures, 'many-steps-60.json');
    assert.ok(!analyzeSnapshotText(text).diagnostics.some((d) => d.code === 'large-value'));
    const r = analyzeSnapshotText(derive('failed-err-result.json', (o) => (o.steps.reserve.value = { blob: 'x'.repeat(5000) })), { largeValueBytes: 1000 });
    const d = r.diagnostics.find((x) => x.code === 'large-value')!;
    assert.equal(d.jsonPath, '/steps/reserve');
  });
  it('steps-is-array, invalid-step-meta, invalid-optional-field (metadata.version "2")', () => {
    warn(derive('failed-err-result.json', (o) => (o.steps = [])), 'steps-is-array');
    warn(derive('failed-err-result.json', (o) => (o.steps.charge.meta = { origin: 'bogus' })), 'invalid-step-meta');
    const text = derive('failed-err-result.json', (o) => (o.metadata.version = '2'));
    assert.match(warn(text, 'invalid-optional-field').message, /version 1/);
  });
  it('duplicate-resume-step', () => {
    const o = JSON.parse(read(fixtures, 'resume-state-success.json'));
    o.steps.push(o.steps[0]);
    const d = warn(JSON.stringify(o, null, 2), 'duplicate-resume-step');
    assert.equal(d.related?.length, 1);
  });
});

describe('duplicate JSON keys', () => {
  it('finds repeats in small and big objects, after unescaping, at any depth', () => {
    const steps = Array.from({ length: 40 }, (_, i) => `"k${i}": {"ok": true, "value": {"a": 1, "b": 2}}`);
    steps.push('"k7": {"ok": true, "value": 0}'); // big object (hash index) repeat
    steps.push('"\\u006b3": {"ok": true, "value": 0}'); // "k3", escaped
    const text = `{"formatVersion": 1, "steps": {${steps.join(',\n')}}, "execution": {"status": "running", "lastUpdated": "2026-11-27T00:00:00.000Z", "status": "failed"}, "metadata": {"input": {"x": 1, "x": 2}}}`;
    const r = analyzeSnapshotText(text);
    const dups = r.diagnostics.filter((d) => d.code === 'duplicate-key').map((d) => d.jsonPath).sort();
    assert.deepEqual(dups, ['/execution/status', '/metadata/input/x', '/steps/k3', '/steps/k7']);
  });
  it("counts ':' to find a dropped key: colons in keys and strings, and a \\u003a the text does not show", () => {
    const snapshot = (steps: string): string =>
      `{"formatVersion": 1, "steps": {${steps}}, "execution": {"status": "running", "lastUpdated": "2026-11-27T00:00:00.000Z"}, "metadata": {"note": "a:b:c"}}`;
    const dups = (text: string): string[] => analyzeSnapshotText(text).diagnostics.map((d) => `${d.code} ${d.jsonPath}`);
    const clean = '"fetch:1": {"ok": true, "value": ["x:y", {"at": "12:00", "k:v": null}]}, "fetch:2": {"ok": true, "value": ":"}';
    assert.deepEqual(dups(snapshot(clean)), []);
    // The dropped member's key and value hold ':' too; the count must still come out larger.
    assert.deepEqual(dups(snapshot(`${clean}, "fetch:1": {"ok": true, "value": "t:1"}`)), ['duplicate-key /steps/fetch:1']);
    // \u003a is ':' in the value and not in the text: with one key dropped, the plain counts would agree.
    const escaped = '"e": {"ok": true, "value": "\\u003a"}';
    assert.deepEqual(dups(snapshot(`${escaped}, "x": {"ok": true, "value": 1, "value": 2}`)), ['duplicate-key /steps/x/value']);
    assert.deepEqual(dups(snapshot(escaped)), []);
    // A repeat in an array's object, beside strings with ':' (arrays add no members of their own).
    assert.deepEqual(dups(snapshot('"s": {"ok": true, "value": [{"a": "1:2", "a": "3:4"}, "5:6"]}')), ['duplicate-key /steps/s/value/0/a']);
  });
  it("the ':' count against the exact scan, on 600 random snapshots with ':' and \\u escapes everywhere", () => {
    const rand = mulberry32(29);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    // Text pieces that are ':' in the value and not in the text, or the reverse, or neither.
    const str = (): string => JSON.stringify(pick(['a', 'b', 'a:b', ':', '12:00', '']) + pick(['', ':x', 'y'])).replace(/:/g, () => (rand() < 0.2 ? '\\u003a' : ':'));
    const value = (depth: number): string => {
      const r = rand();
      if (depth > 2 || r < 0.3) return pick(['1', 'null', 'true', str()]);
      if (r < 0.5) return `[${Array.from({ length: Math.floor(rand() * 3) }, () => value(depth + 1)).join(', ')}]`;
      return object(depth + 1);
    };
    const object = (depth: number): string => {
      const members = Array.from({ length: Math.floor(rand() * 4) }, () => `${str()}: ${value(depth)}`);
      // A repeat of a key of this object (perhaps written with a different escape).
      if (members.length > 0 && rand() < 0.15) members.push(`${members[0]!.slice(0, members[0]!.indexOf('": ') + 1)}: ${value(depth)}`);
      return `{${members.join(', ')}}`;
    };
    let repeats = 0;
    for (let n = 0; n < 600; n++) {
      const text = `{"formatVersion": 1, "steps": {"s": {"ok": true, "value": ${object(0)}}}, "execution": {"status": "running", "lastUpdated": "2026-11-27T00:00:00.000Z"}}`;
      const expected = scanJson(text, { collectDuplicates: true }).duplicates.map((d) => toPointer([...d.objectPath, d.key])).sort();
      const found = analyzeSnapshotText(text).diagnostics.filter((d) => d.code === 'duplicate-key').map((d) => d.jsonPath).sort();
      assert.deepEqual(found, expected, text);
      if (expected.length > 0) repeats++;
    }
    assert.ok(repeats > 30, `only ${repeats} texts had a repeated key`);
  });
  it("the ':' count past 500 levels of nesting (the walk's explicit stack)", () => {
    const deep = (inner: string): string => `${'{"a:b": ['.repeat(1500)}${inner}${']}'.repeat(1500)}`;
    const snapshot = (value: string): string => `{"formatVersion": 1, "steps": {"s": {"ok": true, "value": ${value}}}, "execution": {"status": "running", "lastUpdated": "2026-11-27T00:00:00.000Z"}}`;
    const clean = deep('{"t": "1:2", "u": ["3:4"]}');
    // The counts themselves: a wrong one would only cost the exact scan below, which hides it from the report.
    assert.equal(membersAndColons(JSON.parse(clean)), colonsIn(clean));
    assert.equal(countMembers(JSON.parse(clean)), countMembersInText(clean));
    assert.deepEqual(analyzeSnapshotText(snapshot(clean)).diagnostics, []);
    const dups = analyzeSnapshotText(snapshot(deep('{"t": "1:2", "t": "3:4"}'))).diagnostics;
    assert.deepEqual(dups.map((d) => d.code), ['duplicate-key']);
    const pointer = dups[0]!.jsonPath ?? '';
    assert.ok(pointer.endsWith('/a:b/0/t'), pointer.slice(-40));
  });
  it('inside step entries the scan skips (nothing wanted there): repeats, odd spacing, positions after them', () => {
    // Entries without a finding are run over by scanJson's lean loop; it must still count their keys (a
    // colon after a newline, keys with ':' and escaped quotes) and their lines, and find a large entry.
    const entry = (i: number): string => `"s${i}": {\n "ok": true,\n "value": {"a\\":b": 1, "t:x"\n  :\n [{"q": [1, {"r": "}"}]}], "n": -1.5e3}\n}`;
    const steps = Array.from({ length: 6 }, (_, i) => entry(i));
    steps.push('"dup": {"ok": true, "value": {"x": 1, "x": 2}}'); // a repeat deep inside an unwanted entry
    steps.push(`"big": {"ok": true, "value": "${'y'.repeat(400)}"}`);
    steps.push('"bad": {"ok": false, "error": "E"}'); // no cause: an error, so the scan locates things
    const text = `{"formatVersion": 1, "steps": {\n${steps.join(',\n')}\n}, "execution": {"status": "running",\n "lastUpdated": "2026-11-27T00:00:00.000Z", "currentStepId": 7}}`;
    const r = analyzeSnapshotText(text, { largeValueBytes: 300 });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.jsonPath]),
      [['duplicate-key', '/steps/dup/value/x'], ['large-value', '/steps/big'], ['missing-required-field', '/steps/bad'], ['invalid-optional-field', '/execution/currentStepId']],
    );
    assertRangesMatchJsonc(text, r.diagnostics);
    for (const d of r.diagnostics) textAt(text, d.range); // line/column agree with offsets after the skipped lines
    assert.equal(textAt(text, r.diagnostics[3]!.range), '7');
    // Every key counted, the skipped ones included: 6 entries of 8 keys (s<i>, ok, value, a":b, t:x, q, r, n),
    // dup 5 (x twice), big 3, bad 3, the top 3 and execution's 3.
    const want = new PathTrie();
    want.add(['steps', 'bad']);
    assert.equal(scanJson(text, { want }).memberCount, 6 * 8 + 5 + 3 + 3 + 3 + 3);
  });
  it('no false positives: equal hashes, different keys ("Aa" / "BB")', () => {
    const many = Array.from({ length: 30 }, (_, i) => `"s${i}": 1`).join(', ');
    const text = `{"formatVersion": 1, "steps": {}, "execution": {"status": "running", "lastUpdated": "2026-11-27T00:00:00.000Z"}, "metadata": {"Aa": 1, "BB": 2, ${many}, "AaAa": 1, "BBBB": 2}}`;
    assert.deepEqual(analyzeSnapshotText(text).diagnostics, []);
  });
});
