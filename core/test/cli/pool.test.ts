// Worker-thread checking: how many threads, same results as in-process, and no file lost when a
// worker cannot start or dies.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { BYTES_PER_THREAD, checkInProcess, checkInWorkers, estimatedBytes, plannedWorkers } from '../../src/cli/pool';
import { collectInputs } from '../../src/cli/inputs';
import { REPO_ROOT, TempDir, ensureBuilt, readRealSnapshot, realSnapshot } from './helpers';

describe('cli: worker pool', function () {
  this.timeout(60_000);
  let tmp: TempDir;
  before(() => {
    tmp = new TempDir();
    const bad = realSnapshot('failed-err-result.json');
    delete bad.steps.charge.cause;
    for (let i = 0; i < 120; i++) {
      tmp.write(`s/${i}.json`, i % 3 === 0 ? JSON.stringify(bad) : readRealSnapshot('thrown-error-chain.json'));
    }
    tmp.write('s/other.json', { not: 'a snapshot' });
    tmp.write('s/missing-later.json', '{}');
  });
  after(() => tmp.remove());

  const MB = 1024 * 1024;
  it('plans in-process work for few files, one core or busy cores, one thread per free core otherwise', () => {
    assert.equal(plannedWorkers(200, 1000 * MB, undefined, 2, 0), 0);
    assert.equal(plannedWorkers(201, 1000 * MB, undefined, 2, 0), 1, 'main thread + 1 worker on 2 idle cores');
    assert.equal(plannedWorkers(10_000, 1000 * MB, undefined, 1, 0), 0);
    assert.equal(plannedWorkers(10_000, 1000 * MB, undefined, 4, 0.2), 3);
    assert.equal(plannedWorkers(10_000, 1000 * MB, undefined, 64, 0), 7, 'at most 8 threads');
    assert.equal(plannedWorkers(10_000, 1000 * MB, undefined, 2, 1.7), 0, 'no free core: in-process');
    assert.equal(plannedWorkers(10_000, 1000 * MB, undefined, 4, 2.2), 1, 'two free cores of four');
    assert.equal(plannedWorkers(10_000, 1000 * MB, 1, 8, 0), 0, '--jobs 1 is in-process');
    assert.equal(plannedWorkers(10_000, 1000 * MB, 3, 2, 5), 2, '--jobs is obeyed whatever the load');
    assert.equal(plannedWorkers(10, 1000 * MB, 4, 8, 0), 0, 'no more threads than chunks');
  });

  it('starts a worker only when each thread gets BYTES_PER_THREAD of text, unless --jobs says otherwise', () => {
    // The bench's 10,000 small snapshots (15 MB): a worker on 2 idle cores was measured slower than none.
    assert.equal(plannedWorkers(10_000, 15 * MB, undefined, 2, 0), 0);
    assert.equal(plannedWorkers(10_000, 2 * BYTES_PER_THREAD - 1, undefined, 2, 0), 0);
    assert.equal(plannedWorkers(10_000, 2 * BYTES_PER_THREAD, undefined, 2, 0), 1);
    assert.equal(plannedWorkers(10_000, 3 * BYTES_PER_THREAD, undefined, 8, 0), 2, 'three threads for three shares');
    assert.equal(plannedWorkers(10_000, 15 * MB, 2, 2, 0), 1, '--jobs 2 starts its worker whatever the size');
  });

  it('estimates the total size from a sample of the files, leaving out those it cannot stat', () => {
    const files = Array.from({ length: 100 }, (_, i) => ({ path: tmp.write(`sizes/${i}.json`, 'x'.repeat(1000)), display: `sizes/${i}.json`, explicit: false }));
    assert.equal(estimatedBytes(files), 100_000);
    // First in the list, so the sample includes it.
    const withMissing = [{ path: path.join(tmp.root, 'sizes', 'gone.json'), display: 'sizes/gone.json', explicit: false }, ...files];
    assert.equal(estimatedBytes(withMissing), 101_000, 'the average of the readable ones, times every file');
    assert.equal(estimatedBytes([]), 0);
  });

  const inputs = () => collectInputs([path.join(tmp.root, 's')], tmp.root).files;

  it('gives the in-process outcomes, in order, from dist/validateWorker.js', async () => {
    ensureBuilt();
    const files = inputs();
    const expected = checkInProcess(files);
    const actual = await checkInWorkers(files, 2, path.join(REPO_ROOT, 'dist', 'validateWorker.js'));
    assert.deepEqual(actual, expected);
    assert.ok(expected.some((o) => o.status === 'checked' && o.diagnostics.length > 0));
    assert.ok(expected.some((o) => o.status === 'skipped'));
  });

  it('checks every file in-process when the worker script cannot run', async () => {
    const broken = tmp.write('broken-worker.js', 'throw new Error("worker exploded");');
    const files = inputs();
    const actual = await checkInWorkers(files, 2, broken);
    assert.deepEqual(actual, checkInProcess(files));
  });

  it('checks the chunks of a worker that dies part-way', async () => {
    // Answers its first request, then exits: later chunks must be redone elsewhere.
    const flaky = tmp.write(
      'flaky-worker.js',
      `const { parentPort } = require('node:worker_threads');
       let n = 0;
       parentPort.on('message', (req) => {
         if (n++ > 0) process.exit(3);
         parentPort.postMessage({ outcomes: req.files.map((f) => ({ status: 'skipped', display: f.display })) });
       });`,
    );
    const files = inputs();
    const actual = await checkInWorkers(files, 1, flaky);
    assert.equal(actual.length, files.length);
    assert.ok(actual.every((o) => o !== undefined));
    // Whatever the flaky worker did not answer was checked for real.
    const real = checkInProcess(files);
    const redone = actual.filter((o, i) => o.status !== 'skipped' || real[i]!.status === 'skipped').length;
    assert.ok(redone > files.length / 2, `only ${redone} of ${files.length} checked for real`);
  });
});
