// The lean path (core/src/snapshot/lean.ts: validate's analysis, a big snapshot checked one step entry at a time)
// against the whole parse: the same report, minus the value, on every JSON file under test-fixtures/ and on
// generated big, erroneous and unusual inputs; and the unusual ones really take the fall-back. The
// differential and fuzz tests (support/compare.ts, checkLeanPath) run the same comparison on every input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateSnapshot } from 'awaitly/persistence';
import { analyzeSnapshotText, validateSnapshotText, LEAN_MIN_CHARS } from '../../src/snapshot';
import { analyzeLean } from '../../src/snapshot/lean';
import { checkText } from '../../src/cli/checkFile';
import { checkLeanPath } from '../support/compare';
import { jsonFiles } from '../support/jsonFiles';
import { mulberry32 } from '../support/prng';

const root = path.resolve(__dirname, '..', '..', '..');

/** Both paths, and whether the lean one ran to the end (rather than falling back). */
function bothPaths(text: string, largeValueBytes?: number): { whole: unknown; lean: unknown; tookLean: boolean } {
  const options = largeValueBytes === undefined ? {} : { largeValueBytes };
  const whole = analyzeSnapshotText(text, options);
  delete whole.value;
  const lean = analyzeSnapshotText(text, { ...options, keepValue: false, leanMinChars: 0 });
  return { whole, lean, tookLean: analyzeLean(text, options) !== undefined };
}

type Entry = Record<string, unknown>;

/** A snapshot with `steps` entries of every kind the checks look at, errors and warnings included. */
function generated(steps: number, seed: number): Record<string, unknown> {
  const rand = mulberry32(seed);
  const entries: Record<string, Entry | unknown> = {};
  for (let i = 0; i < steps; i++) {
    const key = i % 97 === 5 ? `step-${i}:with "quote" \\ and \u00e9` : i % 89 === 3 ? `a/b~c-${i}` : `step-${i}:fetch`;
    const r = rand();
    if (r < 0.7) entries[key] = { ok: true, value: { id: i, items: [1, 2, { nested: 'x'.repeat(i % 40) }], at: new Date(1_700_000_000_000 + i).toISOString() } };
    else if (r < 0.75) entries[key] = { ok: true }; // missing-step-value (info)
    else if (r < 0.8) entries[key] = { ok: false, error: 'E', cause: { type: 'error', name: 'Error', message: 'boom', stack: 's' }, meta: { origin: 'throw' } };
    else if (r < 0.83) entries[key] = { ok: false, error: 'E' }; // missing cause (error)
    else if (r < 0.85) entries[key] = { ok: 'yes', value: 1 }; // ok not a boolean (error)
    else if (r < 0.87) entries[key] = r < 0.86 ? null : `not an object ${'z'.repeat(600)}`; // not an object (error); a long string is no large-value
    else if (r < 0.9) entries[key] = { ok: false, error: 'E', cause: { type: 'weird', value: 3 } }; // cause shape (warning)
    else if (r < 0.92) entries[key] = { ok: false, error: 'E', cause: { type: 'thrown', stringRepresentation: 7 }, meta: { origin: 'elsewhere' } };
    else if (r < 0.94) entries[key] = { ok: false, cause: { type: 'error', name: 'E', message: { toString: 1 } } }; // missing error
    else if (r < 0.96) entries[key] = [1, 2, 3];
    else entries[key] = { ok: true, value: { big: 'y'.repeat(300 + Math.floor(rand() * 400)) } };
  }
  const keys = Object.keys(entries);
  const last = keys[keys.length - 1]!;
  entries[last] = { ok: false, error: 'E', cause: { type: 'error', name: 'Error', message: 'last' } };
  return {
    formatVersion: 1,
    workflowName: 42,
    steps: entries,
    execution: { status: 'completed', lastUpdated: 'yesterday', currentStepId: 'nowhere', completedAt: 5 },
    metadata: { version: '2', workflowId: 'w', constructor: 1 },
    warnings: [{ type: 'lossy_value', stepId: keys[3], path: '/x', reason: 'non-json' }, { type: 'lossy_value', stepId: 'gone', path: '/y', reason: 'circular' }, 'odd'],
  };
}

describe('snapshot: the lean path (validate) gives the whole parse report', () => {
  it('on every JSON file under test-fixtures/, and runs entry by entry on the snapshots', () => {
    const files = jsonFiles(path.join(root, 'test-fixtures'));
    let lean = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const r = bothPaths(text);
      assert.deepEqual(r.lean, r.whole, path.relative(root, file));
      if (r.tookLean) lean++;
    }
    // snapshots/ and snapshots-4x/ hold 16+ WorkflowSnapshots each; resume states, manifests and configs fall back.
    assert.ok(files.length >= 40, `${files.length} files`);
    assert.ok(lean >= 32, `${lean} of ${files.length} took the lean path`);
  });

  for (const [name, space] of [
    ['pretty-printed', 2],
    ['tab-indented', '\t'],
    ['on one line', 0],
  ] as const) {
    it(`on a generated 3,000-step snapshot with errors, warnings and large entries (${name})`, () => {
      const value = generated(3000, name.length);
      const text = JSON.stringify(value, null, space);
      const r = bothPaths(text, 500);
      assert.ok(r.tookLean, 'took the lean path');
      assert.deepEqual(r.lean, r.whole);
      const report = r.lean as ReturnType<typeof analyzeSnapshotText>;
      const aw = validateSnapshot(JSON.parse(text));
      assert.deepEqual(report.verdict, { valid: aw.valid, errors: aw.valid ? [] : aw.errors });
      const codes = new Set(report.diagnostics.map((d) => d.code));
      for (const code of ['missing-required-field', 'invalid-step-ok', 'invalid-step-entry', 'invalid-cause-shape', 'invalid-step-meta', 'missing-step-value', 'large-value', 'completed-with-failed-step', 'unknown-current-step', 'warning-unknown-step', 'non-iso-timestamp', 'invalid-optional-field', 'prototype-key']) {
        assert.ok(codes.has(code), `the generated file exercises ${code}`);
      }
    });
  }

  it('with CRLF line ends and members in another order', () => {
    const v = generated(400, 7);
    const text = JSON.stringify({ execution: v.execution, steps: v.steps, metadata: v.metadata, formatVersion: 1 }, null, 2).replace(/\n/g, '\r\n');
    const r = bothPaths(text);
    assert.ok(r.tookLean);
    assert.deepEqual(r.lean, r.whole);
  });

  const unusual: [string, string][] = [
    ['a repeated step key', '{"formatVersion":1,"steps":{"a":{"ok":true,"value":1},"a":{"ok":false}},"execution":{"status":"running","lastUpdated":"2024-01-01T00:00:00.000Z"}}'],
    ['a repeated top-level key', '{"formatVersion":1,"steps":{"a":{"ok":true,"value":1}},"formatVersion":2,"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a repeated key inside a step', '{"formatVersion":1,"steps":{"a":{"ok":true,"ok":false}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a repeated key inside execution', '{"formatVersion":1,"steps":{},"execution":{"status":"running","status":"done","lastUpdated":"x"}}'],
    ['array-index step keys (enumerated first)', '{"formatVersion":1,"steps":{"b":{"ok":1},"10":{"ok":2},"2":{"ok":3}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a __proto__ step key', '{"formatVersion":1,"steps":{"__proto__":{"ok":true}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a byte order mark', '\uFEFF{"formatVersion":1,"steps":{},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['steps as an array', '{"formatVersion":1,"steps":[{"ok":true}],"execution":{"status":"running","lastUpdated":"x"}}'],
    ['steps null', '{"formatVersion":1,"steps":null,"execution":{"status":"running","lastUpdated":"x"}}'],
    ['invalid JSON inside a step', '{"formatVersion":1,"steps":{"a":{"ok":tru}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a missing comma between steps', '{"formatVersion":1,"steps":{"a":1 "b":2},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a trailing comma in steps', '{"formatVersion":1,"steps":{"a":1,},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a raw tab in a step key', '{"formatVersion":1,"steps":{"a\tb":{"ok":true}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a bad escape in a step key', '{"formatVersion":1,"steps":{"a\\qb":{"ok":true}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['content after the value', '{"formatVersion":1,"steps":{},"execution":{"status":"running","lastUpdated":"x"}} x'],
    ['a formatVersion object whose conversion throws', '{"formatVersion":{"toString":1},"steps":{"a":{"ok":true}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['a resume state', '{"kind":"ResumeState","steps":[["a",{"ok":true,"value":1}]]}'],
    ['an escaped "steps" key', '{"formatVersion":1,"st\\u0065ps":{"a":{"ok":1}},"execution":{"status":"running","lastUpdated":"x"}}'],
    ['not a snapshot', '{"name":"package","steps":{"a":1}}'],
  ];
  for (const [what, text] of unusual) {
    it(`falls back to the whole parse on ${what}, with the same report`, () => {
      const r = bothPaths(text);
      assert.equal(r.tookLean, false, 'fell back');
      assert.deepEqual(r.lean, r.whole);
      assert.equal(checkLeanPath(text), undefined);
    });
  }

  it('step keys whose hashes collide ("Aa" and "BB") are told apart; a real repeat among them falls back', () => {
    const steps = { Aa: { ok: true, value: 1 }, BB: { ok: false, error: 'E' }, AaBB: { ok: true }, BBBB: { ok: 'x' }, BBAa: { ok: false, error: 'E', cause: { type: 'error', name: 'E', message: 'm' } } };
    const value = {
      formatVersion: 1,
      steps,
      execution: { status: 'completed', lastUpdated: '2024-01-01T00:00:00.000Z', currentStepId: 'BB' },
      warnings: [{ type: 'lossy_value', stepId: 'AaAa', path: '/x', reason: 'non-json' }, { type: 'lossy_value', stepId: 'AaBB', path: '/x', reason: 'non-json' }],
    };
    const text = JSON.stringify(value, null, 2);
    const r = bothPaths(text);
    assert.ok(r.tookLean);
    assert.deepEqual(r.lean, r.whole);
    const codes = (r.lean as ReturnType<typeof analyzeSnapshotText>).diagnostics.map((d) => d.code);
    assert.ok(codes.includes('warning-unknown-step') && !codes.includes('unknown-current-step') && codes.includes('completed-with-failed-step'), codes.join());
    const repeated = text.replace('"BBBB"', '"Aa"');
    const d = bothPaths(repeated);
    assert.equal(d.tookLean, false);
    assert.deepEqual(d.lean, d.whole);
  });

  it('a big file with a repeated step key falls back and still reports the repeat with both places', () => {
    const v = generated(2000, 3);
    const text = JSON.stringify(v, null, 2).replace('"step-10:fetch"', '"step-11:fetch"');
    const r = bothPaths(text);
    assert.equal(r.tookLean, false);
    assert.deepEqual(r.lean, r.whole);
    const dup = (r.lean as ReturnType<typeof analyzeSnapshotText>).diagnostics.find((d) => d.code === 'duplicate-key');
    assert.ok(dup?.related?.length === 1, 'duplicate-key with the earlier place');
  });

  it('validateSnapshotText on a file over LEAN_MIN_CHARS: the lean report', () => {
    const text = JSON.stringify(generated(6000, 11), null, 2);
    assert.ok(text.length > LEAN_MIN_CHARS, `${text.length} chars`);
    assert.ok(analyzeLean(text, {}) !== undefined);
    const whole = analyzeSnapshotText(text);
    delete whole.value;
    assert.deepEqual(validateSnapshotText(text), whole);
  });

  it('validate (checkText) never JSON.parses a big snapshot whole, and reports what the whole parse reports', () => {
    const text = JSON.stringify(generated(6000, 11), null, 2);
    const parse = JSON.parse;
    let longest = 0;
    JSON.parse = ((t: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      longest = Math.max(longest, t.length);
      return parse(t, reviver);
    }) as typeof JSON.parse;
    let outcome;
    try {
      outcome = checkText(text, { path: 'big.json', display: 'big.json', explicit: true });
    } finally {
      JSON.parse = parse;
    }
    assert.ok(longest < text.length / 10, `longest text JSON.parse saw: ${longest} of ${text.length} chars`);
    assert.deepEqual(outcome, { status: 'checked', kind: 'snapshot', diagnostics: analyzeSnapshotText(text).diagnostics });
  });

  it('validateSnapshotText: the report without the value', () => {
    const small = JSON.stringify(generated(50, 1));
    assert.ok(small.length < LEAN_MIN_CHARS);
    const report = validateSnapshotText(small);
    assert.equal('value' in report, false);
    const whole = analyzeSnapshotText(small);
    assert.ok(whole.value !== undefined);
    delete whole.value;
    assert.deepEqual(report, whole);
  });
});
