// TypeScript 7's engine on its own thread (the CLI's): the same answers as the engine in-process, whether the sites
// come ahead (file by file, during the analysis) or all at the end; a thread that cannot open the project fails
// the request, never hangs, and the run falls back to the JS API.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { stepSite, type StepSite } from '../../src/typed/engine';
import { loadNative, NativeEngine } from '../../src/typed/nativeEngine';
import { NativeThread } from '../../src/typed/nativeThread';
import { analyseAhead, planTyped, withResultTypes } from '../../src/typed/session';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures');

function sitesOf(tsconfig: string): StepSite[] {
  return createAnalysisProject({ tsconfig, includeResultTypes: false }).analyzeProject().workflows.flatMap((w) => w.steps.map(stepSite));
}

describe('native engine on its own thread (check)', function () {
  this.timeout(300_000);

  for (const fixture of ['workflows', 'workflows-4x']) {
    it(`test-fixtures/${fixture}: the thread answers as the engine in-process, sites sent ahead or not`, () => {
      const native = loadNative();
      if ('error' in native) throw new Error(native.error);
      const tsconfig = path.join(FIXTURES, fixture, 'tsconfig.json');
      const sites = sitesOf(tsconfig);
      const inProcess = new NativeEngine(native, { tsconfig });
      const expected = inProcess.resultTypes(sites);
      inProcess.dispose();
      assert.ok(expected.every((t) => t.shape !== ''));
      // All at the end.
      const whole = new NativeThread('TypeScript 7 (thread)', { tsconfig });
      try {
        assert.deepEqual(whole.resultTypes(sites), expected);
      } finally {
        whole.dispose();
      }
      // A third ahead in small pieces, then everything asked for (in another order).
      const ahead = new NativeThread('TypeScript 7 (thread)', { tsconfig });
      try {
        const third = sites.slice(0, Math.ceil(sites.length / 3));
        for (let i = 0; i < third.length; i += 7) ahead.ahead(third.slice(i, i + 7));
        const reversed = [...sites].reverse();
        assert.deepEqual(ahead.resultTypes(reversed), [...expected].reverse());
        assert.ok(ahead.timings.open > 0 && ahead.timings.check > 0, JSON.stringify(ahead.timings));
      } finally {
        ahead.dispose();
      }
    });
  }

  it("the thread's guess (calls written step(...) or step.<method>(...)) holds the rules' sites written so, and no other kind", () => {
    const native = loadNative();
    if ('error' in native) throw new Error(native.error);
    for (const fixture of ['workflows', 'workflows-4x', 'example-workspace']) {
      const tsconfig = path.join(FIXTURES, fixture, 'tsconfig.json');
      const key = (s: StepSite) => `${s.file}:${s.start}:${s.end}`;
      const steps = createAnalysisProject({ tsconfig, includeResultTypes: false }).analyzeProject().workflows.flatMap((w) => w.steps);
      const engine = new NativeEngine(native, { tsconfig });
      let guessed: Set<string>;
      try {
        guessed = new Set(engine.likelySites((f) => fs.readFileSync(f, 'utf8')).map(key));
      } finally {
        engine.dispose();
      }
      const text = new Map<string, string>();
      const writtenAsStep = steps.filter((s) => {
        const t = text.get(s.file) ?? text.set(s.file, fs.readFileSync(s.file, 'utf8')).get(s.file)!;
        return t.includes('awaitly') && /^step\s*(\.\s*[A-Za-z_$][\w$]*\s*)?\(/.test(t.slice(s.range.startOffset));
      });
      assert.ok(writtenAsStep.length > 10, `${fixture}: ${writtenAsStep.length} steps written as step(...)`);
      const missed = writtenAsStep.filter((s) => !guessed.has(key(stepSite(s))));
      assert.deepEqual(missed.map((s) => `${s.file}:${s.range.start.line}`), [], `${fixture}: sites the guess missed`);
      // Bound steps (steps.<dep>(...)) are not guessed: the main thread sends them.
      assert.ok(steps.filter((s) => s.kind === 'bound').every((s) => !guessed.has(key(stepSite(s)))), `${fixture}: a bound step guessed`);
    }
  });

  it('check reads only shapes: display off gives the same shapes and no printed types', () => {
    const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');
    const sites = sitesOf(tsconfig);
    const full = new NativeThread('t', { tsconfig });
    const bare = new NativeThread('t', { tsconfig, display: false });
    try {
      const a = full.resultTypes(sites);
      const b = bare.resultTypes(sites);
      assert.deepEqual(b.map((t) => t.shape), a.map((t) => t.shape));
      assert.ok(a.every((t) => t.display !== '') && b.every((t) => t.display === ''));
    } finally {
      full.dispose();
      bare.dispose();
    }
  });

  it('a project TypeScript 7 cannot open: the request fails with the reason, and the run falls back to the JS API', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-thread-'));
    try {
      const missing = path.join(dir, 'nowhere', 'tsconfig.json');
      const thread = new NativeThread('t', { tsconfig: missing });
      assert.throws(() => thread.resultTypes([{ file: path.join(dir, 'a.ts'), start: 0, end: 1 }]), /TypeScript 7 did not open .*nowhere\/tsconfig\.json/);
      thread.dispose();
      // Through the plan, as check runs it: started ahead, fed file by file, failing at fill -> the JS API.
      const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');
      const plan = planTyped(undefined, true, missing);
      assert.equal(plan.report.name, 'native');
      plan.start!();
      const project = createAnalysisProject({ tsconfig, includeResultTypes: false });
      const first = analyseAhead(plan, project);
      const { analysis } = withResultTypes(plan, project, first, () => createAnalysisProject({ tsconfig, includeResultTypes: true }));
      assert.equal(plan.report.name, 'js');
      assert.match(plan.report.note!, /native engine failed: /);
      assert.ok(analysis.workflows.length > 0 && analysis.workflows.flatMap((w) => w.steps).every((s) => s.resultShape !== ''));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a thread that cannot start (its script missing): the run falls back to the JS API and says why', () => {
    const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');
    const plan = planTyped(undefined, true, tsconfig, undefined, path.join(os.tmpdir(), 'no-such-dir', 'nativeThread.js'));
    plan.start!();
    assert.equal(plan.ahead, undefined, 'nothing is sent ahead to a thread that is not there');
    const project = createAnalysisProject({ tsconfig, includeResultTypes: false });
    const first = analyseAhead(plan, project);
    const { analysis } = withResultTypes(plan, project, first, () => createAnalysisProject({ tsconfig, includeResultTypes: true }));
    assert.equal(plan.report.name, 'js');
    assert.match(plan.report.note!, /native engine failed: TypeScript 7's thread cannot start: .*no-such-dir.*nativeThread\.js is missing/);
    assert.ok(analysis.workflows.flatMap((w) => w.steps).every((s) => s.resultShape !== ''));
  });

  it('a thread that ends without an answer (throwing as it loads, process.exit, or with no exit event): the request fails at once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-thread-'));
    try {
      const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');
      const site = { file: path.join(FIXTURES, 'example-workspace/src/checkout.ts'), start: 0, end: 1 };
      const entries = {
        throws: "throw new Error('a module of the thread is missing');",
        exits: "require('node:worker_threads').parentPort.on('message', () => process.exit(0));",
        // Ends the thread without its exit event, as running out of memory does (checked by hand: a thread filling
        // its 4 GB heap was seen gone 17 s in, instead of after the 10-minute limit).
        silent: "require('node:worker_threads').parentPort.on('message', () => process.reallyExit(0));",
      };
      for (const [name, text] of Object.entries(entries)) {
        const script = path.join(dir, `${name}.js`);
        fs.writeFileSync(script, text);
        const thread = new NativeThread('t', { tsconfig, prefetch: false }, script);
        const t0 = performance.now();
        // Without the exit mark, each would wait out the 10-minute limit.
        assert.throws(() => thread.resultTypes([site]), /TypeScript 7's thread ended without an answer/, name);
        assert.ok(performance.now() - t0 < 30_000, `${name}: ${performance.now() - t0} ms`);
        thread.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('through the plan: started ahead, fed file by file, the same hashes as the JS API', () => {
    const tsconfig = path.join(FIXTURES, 'example-workspace/tsconfig.json');
    const plan = planTyped(undefined, true, tsconfig);
    plan.start!();
    const project = createAnalysisProject({ tsconfig, includeResultTypes: false });
    const analysis = analyseAhead(plan, project);
    withResultTypes(plan, project, analysis, () => ({ message: 'no fallback expected' }));
    assert.equal(plan.report.name, 'native');
    const js = createAnalysisProject({ tsconfig, includeResultTypes: true }).analyzeProject();
    assert.deepEqual(analysis.workflows.map((w) => w.steps.map((s) => s.resultShape)), js.workflows.map((w) => w.steps.map((s) => s.resultShape)));
    assert.deepEqual(analysis.findings, js.findings, 'the file-by-file analysis finds what analyzeProject finds');
  });
});
