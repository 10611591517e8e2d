// The typed analysis behind its worker: the same results as in-process, and a worker that dies is restarted
// with every edit replayed (the edits sent while it was down included).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { createTypedAnalysis, defaultSpawner, type Spawner } from '../src/typed/typedAnalysis';
import { copyWorkspace, EXAMPLE } from './helper';

describe('server: typed analysis worker', function () {
  const logs: string[] = [];
  const log = { info: (m: string) => void logs.push(m), error: (m: string) => void logs.push(m) };
  let ws: string;
  before(() => {
    ws = copyWorkspace(EXAMPLE);
  });

  it('gives the same workflows, result types and findings as the in-process analysis', async () => {
    const worker = createTypedAnalysis({ rootDir: ws }, new Map(), log, { mode: 'worker' });
    const local = createTypedAnalysis({ rootDir: ws }, new Map(), log, { mode: 'in-process' });
    assert.equal(worker.mode, 'worker');
    assert.equal(local.mode, 'in-process');
    try {
      const a = await worker.analyzeProject();
      const b = await local.analyzeProject();
      assert.ok(a.workflows.length >= 4);
      assert.ok(a.workflows.some((w) => w.steps.some((s) => s.resultType !== '')), 'result types are filled in');
      assert.deepEqual(a, b);
      const file = path.join(ws, 'src', 'checkout.ts');
      assert.deepEqual(await worker.analyzeFile(file), await local.analyzeFile(file));
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
    const typed = createTypedAnalysis({ rootDir: ws }, new Map([[file, text]]), log, { spawn });
    try {
      const before = await typed.analyzeFile(file);
      const ids = (r: typeof before) => r.workflows.flatMap((w) => w.steps.map((s) => s.id?.value));
      assert.ok(ids(before).includes('loadCart'));
      assert.equal(spawned.length, 1);

      // Kill it; while it is down, the file changes.
      await spawned[0]!.terminate();
      typed.updateFile(file, text.replace("step('loadCart'", "step('loadCartAgain'"));
      const after = await typed.analyzeFile(file);
      assert.equal(spawned.length, 2, 'a new worker was started');
      assert.ok(ids(after).includes('loadCartAgain'));
      assert.ok(!ids(after).includes('loadCart'));
      assert.ok(logs.some((m) => /typed analysis worker .* exited with code 1; it restarts on the next request/.test(m)), logs.join(' | '));
    } finally {
      typed.dispose();
    }
  });

  it('rejects the requests of a disposed analysis instead of leaving them waiting', async () => {
    const typed = createTypedAnalysis({ rootDir: ws }, new Map(), log, { mode: 'worker' });
    const pending = typed.analyzeProject();
    typed.dispose();
    await assert.rejects(pending, /disposed/);
    await assert.rejects(typed.analyzeFile(path.join(ws, 'src', 'checkout.ts')), /disposed/);
  });
});
