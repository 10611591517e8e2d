// Differential test: core/src/snapshot against awaitly itself (1.35.0 and 4.5.1, each), on every real snapshot file and
// on thousands of seeded mutations of them (core/test/support/mutations.ts). The requirement is the
// same verdict as awaitly for every input: validateSnapshot's {valid, errors}, looksLikeWorkflowSnapshot,
// assertValidSnapshot's throw, mergeSnapshots' result, the resume-state verdict, and
// analyzeSnapshotText's verdict on the JSON text. Every failure prints a shrunk input.
//
// Reproduce with another seed or size: DIFF_SEED=7 DIFF_COUNT=10000 npx mocha core/test/snapshot/differential.test.ts
import assert from 'node:assert/strict';
import {
  type Disagreement,
  type SingleCheck,
  checkTextVerdict,
  formatDisagreement,
  runMerge,
  runOperationOrder,
  runSingle,
  runTextMutation,
  runTextVerdict,
  shrinkText,
  shrinkValue,
  structDiff,
  textOf,
} from '../support/compare';
import { type MutationCase, Rng, deleteAt, generateCases, headOf, insertIndex, jsCases, loadSeedFiles, mutateText, pinnedCases, setOwn } from '../support/mutations';

const SEED = Number(process.env.DIFF_SEED ?? 1350);
const COUNT = Math.max(3000, Number(process.env.DIFF_COUNT ?? 3000));
const SHOW = 12;

/**
 * Run `check` over items; on failure re-run the first failure of each kind with shrinking and fail
 * with all of them (up to SHOW kinds) and the total count.
 */
function expectAgreement<T>(items: readonly T[], what: string, check: (item: T, shrink: boolean) => Disagreement | undefined): void {
  const byKey = new Map<string, { item: T; d: Disagreement; count: number }>();
  let failures = 0;
  for (const item of items) {
    const d = check(item, false);
    if (!d) continue;
    failures++;
    const key = `${d.check}|${d.nonJson ? 'non-JSON|' : ''}${d.key}`;
    const hit = byKey.get(key);
    if (hit) hit.count++;
    else byKey.set(key, { item, d, count: 1 });
  }
  if (failures === 0) return;
  const shown = [...byKey.values()].slice(0, SHOW).map(({ item, d, count }) => `${count} × ${d.nonJson ? '[non-JSON input] ' : ''}${d.key}\n${formatDisagreement(check(item, true) ?? d)}`);
  assert.fail(
    `${failures} of ${items.length} ${what} disagree with awaitly 1.35.0 or 4.5.1 (${byKey.size} kinds${byKey.size > SHOW ? `, first ${SHOW} shown` : ''}):\n\n${shown.join('\n\n')}`,
  );
}

const seeds = loadSeedFiles();
const seedCases: MutationCase[] = seeds.map((s) => ({ name: `file ${s.name}`, value: s.value, text: s.text }));
const SINGLES: SingleCheck[] = ['validateSnapshot', 'looksLikeWorkflowSnapshot', 'assertValidSnapshot', 'resumeState'];
const INDENTS = [0, 2, '\t'] as const;

describe('snapshot: differential against awaitly 1.35.0 and 4.5.1', () => {
  // mocha sets Error.stackTraceLimit = Infinity; awaitly's deserializeResumeState makes one Error per
  // cause level, so a 10,000-level chain would capture 10,000² frames. Node's default keeps it linear.
  let stackTraceLimit: number;
  before(() => {
    stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
  });
  after(() => {
    Error.stackTraceLimit = stackTraceLimit;
  });

  describe('real snapshot files', () => {
    it('finds the real snapshots of both awaitly lines in the repository', () => {
      assert.ok(seeds.filter((s) => s.name.startsWith('fixtures-1.35/')).length >= 16, 'test-fixtures/snapshots/*.json (awaitly 1.35.0)');
      assert.ok(seeds.filter((s) => s.name.startsWith('fixtures-4.x/')).length >= 16, 'test-fixtures/snapshots-4x/*.json (awaitly 4.5.1)');
    });

    for (const seed of seedCases) {
      it(`${seed.name}: every API agrees, including the file's own text and every pairing in mergeSnapshots`, () => {
        const found: Disagreement[] = [];
        const add = (d: Disagreement | undefined): void => {
          if (d) found.push(d);
        };
        for (const check of SINGLES) add(runSingle(check, seed));
        const f = checkTextVerdict(seed.text!);
        if (f) found.push({ check: 'analyzeSnapshotText', name: `${seed.name} (file text)`, detail: f.detail, key: f.key, ...(f.crash ? { crash: true } : {}) });
        const parsedOnly: MutationCase = { name: seed.name, value: seed.value };
        for (const indent of INDENTS) add(runTextVerdict(parsedOnly, indent));
        for (const other of seedCases) {
          add(runMerge(seed, other));
          add(runMerge(other, seed));
        }
        add(runOperationOrder(parsedOnly, seedCases[0]));
        assert.equal(found.length, 0, found.map(formatDisagreement).join('\n\n'));
      });
    }
  });

  describe(`generated inputs (seed ${SEED}): ${COUNT} mutations + pinned edge cases + every non-JSON input`, () => {
    let cases: MutationCase[] = [];
    let jsonCases: MutationCase[] = [];
    before(() => {
      const generated = generateCases(SEED, COUNT, { seeds, hugeShare: 0.01 });
      cases = [...pinnedCases(seeds), ...jsCases(seeds), ...generated];
      jsonCases = cases.filter((c) => !c.js);
      assert.ok(generated.length >= 3000);
    });

    for (const check of SINGLES) {
      it(`${check}: same verdict, errors, throws and identity as awaitly`, () => {
        expectAgreement(cases, `inputs to ${check}`, (c, shrink) => runSingle(check, c, shrink));
      });
    }

    it('mergeSnapshots on pairs: same throw (class, message) or the same result (prototype-null steps, key order, undefined fields)', () => {
      const rng = new Rng(SEED ^ 0x5eed);
      const pairs: Array<[MutationCase, MutationCase]> = [];
      for (let i = 0; i < cases.length; i++) {
        const other = rng.chance(0.5) ? rng.pick(seedCases) : cases[rng.int(cases.length)]!;
        pairs.push(rng.chance(0.5) ? [cases[i]!, other] : [other, cases[i]!]);
      }
      expectAgreement(pairs, 'mergeSnapshots pairs', ([a, b], shrink) => runMerge(a, b, shrink));
    });

    it('analyzeSnapshotText(JSON.stringify(value, null, 0 | 2 | "\\t")): verdict equals awaitly on JSON.parse of the same text', function () {
      this.timeout(600_000); // very deep texts run in a child process
      const items: Array<[MutationCase, 0 | 2 | '\t']> = [];
      for (const c of jsonCases) {
        if (c.text !== undefined) items.push([c, 0]); // the text is fixed; the indent does not apply
        else for (const indent of INDENTS) items.push([c, indent]);
      }
      expectAgreement(items, 'texts', ([c, indent], shrink) => runTextVerdict(c, indent, shrink));
    });

    it('operation order: awaitly and ours read the same properties in the same order (tracing proxies)', () => {
      const rng = new Rng(SEED ^ 0x0b5e);
      const small = jsonCases.filter((c) => c.text === undefined || c.text.length < 50_000);
      expectAgreement(small, 'inputs (traced)', (c, shrink) => runOperationOrder(c, rng.chance(0.5) ? rng.pick(small) : undefined, shrink));
    });

    it('byte-level text mutations: analyzeSnapshotText never throws; unparsable text gets invalid-json diagnostics with positions inside the text', function () {
      this.timeout(600_000);
      const rng = new Rng(SEED ^ 0x7e47);
      const items: Array<{ name: string; text: string }> = [];
      for (const c of [...seedCases, ...jsonCases]) {
        const base = textOf(c, rng.pick(INDENTS));
        if (base === undefined || base.length > 100_000) continue;
        for (let k = 0; k < 3; k++) {
          const m = mutateText(rng, base);
          items.push({ name: `${c.name}, text ${m.desc.join(', ')}`, text: m.text });
        }
      }
      assert.ok(items.length >= 6000, `only ${items.length} text mutations`);
      expectAgreement(items, 'mutated texts', (t, shrink) => runTextMutation(t.name, t.text, shrink));
    });
  });

  describe('the harness itself', () => {
    it('notices a prototype or key-order difference in merge results', () => {
      assert.match(structDiff({ steps: Object.create(null) }, { steps: {} }) ?? '', /prototype/);
      assert.match(structDiff({ a: 1, b: 2 }, { b: 2, a: 1 }) ?? '', /own keys/);
      assert.match(structDiff({ a: undefined }, {}) ?? '', /own keys/);
      assert.equal(structDiff({ a: [1, { b: null }] }, { a: [1, { b: null }] }), undefined);
    });

    it('shrinks values and texts while the failure lasts', () => {
      const v = shrinkValue({ keep: { deep: 'needle' }, drop: [1, 2, 3], also: 'x' }, (x) => JSON.stringify(x).includes('needle'));
      assert.deepEqual(v, 'needle');
      assert.equal(shrinkText('aaaa{bb}cccc', (t) => t.includes('{')), '{');
    });

    it('edits arrays that carry an own constructor member (fuzz seed 435799 crashed here)', () => {
      const arr: unknown[] = [1, 2, 3];
      setOwn(arr, 'constructor', 'x');
      assert.throws(() => arr.splice(0, 1), TypeError);
      deleteAt({ a: arr }, ['a', 0]);
      assert.deepEqual([...arr], [2, 3]);
      insertIndex(arr, 1, 9);
      assert.deepEqual([...arr], [2, 9, 3]);
      assert.deepEqual(headOf(arr, 2), [2, 9]);
    });

    it('a mutation is deterministic for a seed', () => {
      assert.deepEqual(generateCases(42, 50, { seeds }).map((c) => c.name), generateCases(42, 50, { seeds }).map((c) => c.name));
    });
  });
});
