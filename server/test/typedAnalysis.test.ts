// The typed analysis behind its worker: the sites of the steps the rules analysis found go in, their result types
// come back, the same as in-process; a worker that dies is restarted with every edit replayed (the edits sent
// while it was down included).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { createAnalysisProject, type AnalysisProject } from '../../core/src/analysis';
import { stepSite } from '../../core/src/typed/engine';
import { createTypedAnalysis, defaultSpawner, type Spawner } from '../src/typed/typedAnalysis';
import { copyWorkspace, EXAMPLE } from './helper';

describe('server: typed analysis worker', function () {
  const logs: string[] = [];
  const log = { info: (m: string) => void logs.push(m), error: (m: string) => void logs.push(m) };
  let ws: string;
  let rules: AnalysisProject;
  const sitesOf = (workflows: ReturnType<AnalysisProject['analyzeProject']>['workflows']) => workflows.flatMap((w) => w.steps.map(stepSite));
  before(() => {
    ws = copyWorkspace(EXAMPLE);
    rules = createAnalysisProject({ rootDir: ws });
  });

  it('gives the same result types as the in-process analysis, for a file and for the project', async () => {
    const worker = createTypedAnalysis({ rootDir: ws }, new Map(), log, { mode: 'worker' });
    const local = createTypedAnalysis({ rootDir: ws }, new Map(), log, { mode: 'in-process' });
    assert.equal(worker.mode, 'worker');
    assert.equal(local.mode, 'in-process');
    try {
      const all = sitesOf(rules.analyzeProject().workflows);
      assert.ok(all.length >= 10);
      const a = await worker.resultTypes(all, null);
      const b = await local.resultTypes(all, null);
      assert.equal(a.types.length, all.length);
      assert.ok(a.types.every((t) => t.shape !== ''), 'every step has a result type');
      // The JS API's own typed analysis of the same steps agrees (engines give identical types: engines.test.ts).
      const js = createAnalysisProject({ rootDir: ws, includeResultTypes: true }).analyzeProject().workflows.flatMap((w) => w.steps);
      assert.deepEqual(a.types, js.map((s) => ({ display: s.resultType, shape: s.resultShape })));
      assert.ok(a.types.some((t) => t.display === 'ShippingQuote' && t.shape.includes('carrier: string')), a.types.map((t) => t.shape).join(' | '));
      assert.deepEqual(a, b);
      const file = path.join(ws, 'src', 'checkout.ts');
      const one = sitesOf(rules.analyzeFile(file).workflows);
      assert.deepEqual(await worker.resultTypes(one, file), await local.resultTypes(one, file));
    } finally {
      worker.dispose();
      local.dispose();
    }
  });

  it('restarts a worker that died and replays the edits, including those sent while it was down', async () => {
    const spawned: Worker[] = [];
    const real = defaultSpawner()!;
    const spawn: Spawner = (init) => {
      const w = real(init);
      spawned.push(w);
      return w;
    };
    const file = path.join(ws, 'src', 'checkout.ts');
    const text = fs.readFileSync(file, 'utf8');
    const anchor = "const cart = await step('loadCart', () => deps.loadCart(cartId));";
    assert.ok(text.includes(anchor));
    const typed = createTypedAnalysis({ rootDir: ws }, new Map([[file, text]]), log, { spawn });
    const edited = createAnalysisProject({ rootDir: ws });
    try {
      const before = await typed.resultTypes(sitesOf(edited.analyzeFile(file).workflows), file);
      assert.ok(before.types.every((t) => t.shape !== ''));
      assert.equal(spawned.length, 1);

      // Kill it; while it is down, the file changes: a new step whose type exists only in the edit.
      await spawned[0]!.terminate();
      const changed = text.replace(anchor, `${anchor}\n    const extra = await step('extra', () => ok({ edited: 42 }));`);
      typed.updateFile(file, changed);
      edited.updateFile(file, changed);
      const after = await typed.resultTypes(sitesOf(edited.analyzeFile(file).workflows), file);
      assert.equal(spawned.length, 2, 'a new worker was started');
      assert.ok(after.types.some((t) => t.display === '{ edited: number; }'), after.types.map((t) => t.display).join(' | '));
      assert.ok(after.types.every((t) => t.shape !== ''), 'the other steps are found at their moved positions');
      assert.ok(logs.some((m) => /typed analysis worker .* exited with code 1; it restarts on the next request/.test(m)), logs.join(' | '));
    } finally {
      typed.dispose();
    }
  });

  it('on the JS API, opened at the open file: its types first, then the whole project\'s when asked, as a whole program gives them', async () => {
    const before = process.env.AWAITLY_LENS_ENGINE;
    process.env.AWAITLY_LENS_ENGINE = 'js';
    const file = path.join(ws, 'src', 'checkout.ts');
    const typed = createTypedAnalysis({ rootDir: ws }, new Map([[file, fs.readFileSync(file, 'utf8')]]), log, { mode: 'in-process' });
    try {
      const whole = createAnalysisProject({ rootDir: ws, includeResultTypes: true });
      const typesOf = (workflows: ReturnType<AnalysisProject['analyzeProject']>['workflows']) => workflows.flatMap((w) => w.steps).map((s) => ({ display: s.resultType, shape: s.resultShape }));
      const one = await typed.resultTypes(sitesOf(rules.analyzeFile(file).workflows), file);
      assert.match(one.compiler, /JS API/);
      assert.deepEqual(one.types, typesOf(whole.analyzeFile(file).workflows));
      const all = await typed.resultTypes(sitesOf(rules.analyzeProject().workflows), null);
      assert.deepEqual(all.types, typesOf(whole.analyzeProject().workflows));
    } finally {
      typed.dispose();
      if (before === undefined) delete process.env.AWAITLY_LENS_ENGINE;
      else process.env.AWAITLY_LENS_ENGINE = before;
    }
  });

  it('rejects the requests of a disposed analysis instead of leaving them waiting', async () => {
    const typed = createTypedAnalysis({ rootDir: ws }, new Map(), log, { mode: 'worker' });
    const sites = sitesOf(rules.analyzeProject().workflows);
    const pending = typed.resultTypes(sites, null);
    typed.dispose();
    await assert.rejects(pending, /disposed/);
    await assert.rejects(typed.resultTypes(sites, null), /disposed/);
  });
});
