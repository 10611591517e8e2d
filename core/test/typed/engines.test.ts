// Hashes must not depend on the engine: every fixture workflow and the bench-sized generated project are
// analysed with result types from the JS API (inline, TypeScript 6.0 from @ts-morph/common) and from TypeScript 7's native
// checker; definition hashes, result types and shapes must be identical. The example workspace's lock file must
// verify under both.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject, type ProjectAnalysis } from '../../src/analysis';
import { definitionHash, lockKeys, parseLock } from '../../src/hash';
import { fillResultTypes, NO_TYPE, stepSite } from '../../src/typed/engine';
import { loadNative, NativeEngine } from '../../src/typed/nativeEngine';
import { planTyped, withResultTypes } from '../../src/typed/session';
import { normalizeTypeText } from '../../src/hash/type-text';
import { generateProject } from '../../../scripts/bench-analysis';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures');

function analyse(tsconfig: string, engine: 'js' | 'native'): ProjectAnalysis {
  const project = createAnalysisProject({ tsconfig, includeResultTypes: engine === 'js' });
  const analysis = project.analyzeProject();
  if (engine === 'native') {
    const native = loadNative();
    if ('error' in native) throw new Error(native.error);
    const e = new NativeEngine(native, { tsconfig });
    try {
      fillResultTypes(analysis.workflows, e);
    } finally {
      e.dispose();
    }
  }
  return analysis;
}

/** Steps right below a `@ts-expect-error`: code that does not type-check, where the two checkers recover differently. */
function inTypeError(file: string, line: number): boolean {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return /@ts-expect-error/.test(lines[line - 2] ?? '');
}

/**
 * Every step's result type and shape, and every workflow's hash, under both engines. `differing` lists the
 * workflows where they differ; each such step must sit under a `@ts-expect-error` (checked here).
 */
function compare(tsconfig: string): { workflows: number; steps: number; differing: string[] } {
  const js = analyse(tsconfig, 'js');
  const native = analyse(tsconfig, 'native');
  assert.equal(native.workflows.length, js.workflows.length);
  const differing: string[] = [];
  let steps = 0;
  js.workflows.forEach((wj, i) => {
    const wn = native.workflows[i]!;
    assert.equal(wn.id, wj.id);
    let same = true;
    wj.steps.forEach((sj, k) => {
      const sn = wn.steps[k]!;
      steps++;
      if (sn.resultType === sj.resultType && sn.resultShape === sj.resultShape) return;
      same = false;
      assert.ok(inTypeError(sj.file, sj.range.start.line), `${wj.id} step ${k} (${sj.file}:${sj.range.start.line}): js ${sj.resultType} / ${sj.resultShape}, native ${sn.resultType} / ${sn.resultShape}`);
    });
    if (same) assert.equal(definitionHash(wn), definitionHash(wj), `${wj.id} definition hash`);
    else differing.push(`${path.relative(FIXTURES, wj.file)}:${wj.range.start.line}`);
  });
  return { workflows: js.workflows.length, steps, differing };
}

describe('typed engines: the same hashes from the JS API and TypeScript 7', function () {
  this.timeout(600_000);

  it('test-fixtures/workflows: identical result types, shapes and definition hashes', () => {
    const r = compare(path.join(FIXTURES, 'workflows/tsconfig.json'));
    assert.ok(r.steps > 100, `${r.steps} steps compared`);
    assert.deepEqual(r.differing, []);
  });

  it('test-fixtures/workflows-4x: identical, apart from the one call written not to type-check', () => {
    const r = compare(path.join(FIXTURES, 'workflows-4x/tsconfig.json'));
    assert.ok(r.steps > 100, `${r.steps} steps compared`);
    assert.deepEqual(r.differing, ['workflows-4x/entries/core-run.ts:11']);
  });

  it('example workspace: identical, and its lock file verifies under both engines', () => {
    const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');
    const r = compare(tsconfig);
    assert.deepEqual(r.differing, []);
    const lock = parseLock(fs.readFileSync(path.join(FIXTURES, 'example-workspace/awaitly-lens.lock.json'), 'utf8'));
    for (const engine of ['js', 'native'] as const) {
      const analysis = analyse(tsconfig, engine);
      const keys = lockKeys(analysis.workflows);
      for (const w of analysis.workflows) {
        const name = keys.get(w)!;
        const locked = lock.workflows[name];
        if (locked) assert.equal(definitionHash(w), locked.hash, `${engine}: ${name}`);
      }
      assert.ok(analysis.workflows.some((w) => lock.workflows[keys.get(w)!]), 'the lock names analysed workflows');
    }
  });

  it('the bench-sized generated project (500 files, 5,217 steps): identical', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-engines-'));
    try {
      const info = generateProject(root);
      const r = compare(path.join(root, 'tsconfig.json'));
      assert.equal(r.steps, info.steps);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('typed engines: choice and fallback', () => {
  const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');

  it('defaults to native where it loads, js when asked, none for rules only', () => {
    assert.equal(planTyped(undefined, true, tsconfig).report.name, 'native');
    assert.equal(planTyped('js', true, tsconfig).report.name, 'js');
    assert.equal(planTyped(undefined, false, tsconfig).report.name, 'none');
  });

  it('falls back to the JS API, and says why, when TypeScript 7 is missing or there is no tsconfig', () => {
    const missing = planTyped('native', true, tsconfig, () => ({ error: 'typescript-native (TypeScript 7) could not be loaded: Cannot find module' }));
    assert.equal(missing.report.name, 'js');
    assert.equal(missing.inline, true);
    assert.match(missing.report.note!, /--engine native did not run: typescript-native .*could not be loaded/);
    const noConfig = planTyped(undefined, true, undefined);
    assert.equal(noConfig.report.name, 'js');
    assert.match(noConfig.report.note!, /needs a tsconfig\.json/);
  });

  it('a native engine that fails mid-run is replaced by the JS API on a fresh project, and the report says so', () => {
    const plan = planTyped(undefined, true, tsconfig);
    plan.fill = () => {
      throw new Error('the Go process exited');
    };
    const project = createAnalysisProject({ tsconfig, includeResultTypes: false });
    const first = project.analyzeProject();
    const { analysis } = withResultTypes(plan, project, first, () => createAnalysisProject({ tsconfig, includeResultTypes: true }));
    assert.equal(plan.report.name, 'js');
    assert.match(plan.report.note!, /native engine failed: the Go process exited/);
    assert.ok(analysis.workflows.flatMap((w) => w.steps).every((s) => s.resultShape !== ''));
  });
});

describe('typed engines: TypeScript 7 opened on some root files (after a change)', function () {
  this.timeout(300_000);

  it('lists only those roots, and types their steps as the whole project does, with nothing written beside the tsconfig', () => {
    const root = path.join(FIXTURES, 'example-workspace');
    const tsconfig = path.join(root, 'tsconfig.json');
    const file = path.join(root, 'src', 'checkout.ts');
    const before = fs.readdirSync(root).sort();
    const analysis = createAnalysisProject({ tsconfig }).analyzeFile(file);
    const sites = analysis.workflows.flatMap((w) => w.steps.map(stepSite));
    assert.ok(sites.length >= 5);
    const native = loadNative();
    if ('error' in native) throw new Error(native.error);
    const whole = new NativeEngine(native, { tsconfig });
    const partial = new NativeEngine(native, { tsconfig, roots: [file] });
    try {
      assert.ok(whole.rootFiles().length >= 4);
      assert.deepEqual(partial.rootFiles(), [file]);
      const types = partial.resultTypes(sites);
      assert.ok(types.every((t) => t.shape !== ''));
      assert.deepEqual(types, whole.resultTypes(sites));
    } finally {
      whole.dispose();
      partial.dispose();
    }
    assert.deepEqual(fs.readdirSync(root).sort(), before);
  });

  it("widens to the tsconfig's whole project, and reads the overlay it was given as that map changes", () => {
    const root = path.join(FIXTURES, 'example-workspace');
    const tsconfig = path.join(root, 'tsconfig.json');
    const file = path.join(root, 'src', 'checkout.ts');
    const other = path.join(root, 'src', 'nightly-billing.ts');
    const whole = createAnalysisProject({ tsconfig });
    const sitesOf = (f: string) => whole.analyzeFile(f).workflows.flatMap((w) => w.steps.map(stepSite));
    const otherSites = sitesOf(other);
    assert.ok(otherSites.length > 0);
    const native = loadNative();
    if ('error' in native) throw new Error(native.error);
    // The language server's open buffers: a map it keeps editing after the engine opened.
    const overlay = new Map<string, string | null>();
    const engine = new NativeEngine(native, { tsconfig, roots: [file], overlay });
    try {
      assert.equal(engine.partial, true);
      // Outside the roots' project: no type (the language server then widens).
      assert.ok(engine.resultTypes(otherSites).every((t) => t.shape === ''));
      const anchor = "const cart = await step('loadCart', () => deps.loadCart(cartId));";
      const edited = fs.readFileSync(file, 'utf8').replace(anchor, `${anchor}\n    const extra = await step('extra', () => ok({ edited: 42 }));`);
      overlay.set(file, edited);
      engine.changed({ changed: [file] });
      whole.updateFile(file, edited);
      assert.ok(engine.resultTypes(sitesOf(file)).some((t) => t.display === '{ edited: number; }'), 'the edit made after opening is seen');

      engine.widen();
      assert.equal(engine.partial, false);
      assert.ok(engine.rootFiles().includes(other) && engine.rootFiles().length >= 4);
      const types = engine.resultTypes(otherSites);
      assert.ok(types.every((t) => t.shape !== ''));
      const reference = new NativeEngine(native, { tsconfig });
      try {
        assert.deepEqual(types, reference.resultTypes(otherSites));
      } finally {
        reference.dispose();
      }
      assert.ok(engine.resultTypes(sitesOf(file)).some((t) => t.display === '{ edited: number; }'), 'the edit is kept across the widening');
    } finally {
      engine.dispose();
    }
  });
});

describe('typed engines: a step the engine cannot find', () => {
  it('is an error naming the site, never an empty result type in a hash', () => {
    const analysis = createAnalysisProject({ tsconfig: path.join(FIXTURES, 'example-workspace/tsconfig.json'), includeResultTypes: false }).analyzeProject();
    const blind = { name: 'native' as const, compiler: 'TypeScript 7 (test)', resultTypes: (sites: readonly unknown[]) => sites.map(() => NO_TYPE), dispose: () => {} };
    assert.throws(() => fillResultTypes(analysis.workflows, blind), /TypeScript 7 \(test\) found no call at \d+ step site\(s\) \(first: .*checkout\.ts:\d+:\d+\)/);
  });
});

describe('type text normalisation', () => {
  it('sorts top-level union and intersection members and folds whitespace', () => {
    assert.equal(normalizeTypeText('"b" | "a"'), '"a" | "b"');
    assert.equal(normalizeTypeText('{ a: string; }  &  B'), 'B & { a: string; }');
    assert.equal(normalizeTypeText('Array<"b" | "a"> | null'), 'Array<"b" | "a"> | null');
    assert.equal(normalizeTypeText('{ k: "x|y" } | A'), 'A | { k: "x|y" }');
  });
});
