// The breadth-first walk under the native engine: jobs wait for the jobs they need, each job runs once however
// many ask for it, a round's questions go out together, and batched items from many jobs make one call.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { stepSite } from '../../src/typed/engine';
import { ask, inBatch, results, runJobs, type Batch, type Gen, type Job } from '../../src/typed/nativeJobs';
import { loadNative, NativeEngine } from '../../src/typed/nativeEngine';
import { pipelineOf } from '../../src/typed/nativePipeline';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures');

describe('native engine: the breadth-first type walk (nativeJobs)', () => {
  it('runs each job once, sends each round in one flight, and batches items across jobs', () => {
    const rounds: number[] = [];
    const send = (calls: ReadonlyArray<() => unknown>) => {
      rounds.push(calls.length);
      return calls.map((f) => f());
    };
    let runs = 0;
    const batchCalls: number[][] = [];
    const doubled: Batch<number, number> = { run: (items) => (batchCalls.push([...items]), items.map((i) => i * 2)) };
    // leaf(n): one question, then n*2 through the batch. tree(n): leaf(n) and leaf(n+1), summed.
    const leaf = (n: number): Job<number> => ({
      key: `leaf${n}`,
      run: function* (): Gen<number> {
        runs++;
        const [m] = yield* ask(() => n);
        const [d] = yield* inBatch(doubled, [m]);
        return d!;
      },
    });
    const tree = (n: number): Job<number> => ({
      key: `tree${n}`,
      run: function* (): Gen<number> {
        const [a, b] = yield* results([leaf(n), leaf(n + 1)]);
        return a! + b!;
      },
    });
    const done = new Map<string, unknown>();
    // tree(1) and tree(2) share leaf(2); tree(1) is asked for twice.
    const out = runJobs([tree(1), tree(2), tree(1)], done, send);
    assert.deepEqual(out, [2 + 4, 4 + 6, 2 + 4]);
    assert.equal(runs, 3, 'leaf 1, 2 and 3 each ran once');
    assert.deepEqual(rounds, [3, 1], "round 1: the three leaves' questions; round 2: one batched call");
    assert.deepEqual(batchCalls.map((b) => [...b].sort()), [[1, 2, 3]]);
    // Finished jobs are kept: asking again runs nothing.
    rounds.length = 0;
    assert.deepEqual(runJobs([tree(2)], done, send), [10]);
    assert.deepEqual(rounds, []);
  });
});

describe('native engine: questions to TypeScript 7 in flights (nativePipeline)', function () {
  this.timeout(120_000);

  it('gives the same result types as one round trip per question, with the questions pipelined', () => {
    const native = loadNative();
    if ('error' in native) throw new Error(native.error);
    const tsconfig = path.join(FIXTURES, 'workflows/tsconfig.json');
    const sites = createAnalysisProject({ tsconfig, includeResultTypes: false }).analyzeProject().workflows.flatMap((w) => w.steps.map(stepSite));
    const run = (pipeline: boolean) => {
      const e = new NativeEngine(native, { tsconfig, pipeline });
      try {
        return { types: e.resultTypes(sites), pipelined: e.pipelined };
      } finally {
        e.dispose();
      }
    };
    const flights = run(true);
    const one = run(false);
    assert.ok(sites.length > 100, `${sites.length} sites`);
    assert.deepEqual(flights.types, one.types);
    assert.ok(flights.types.every((t) => t.shape !== '' && t.display !== ''));
    // With the pinned typescript-native the channel is pipelined; a version whose channel differs would say 0 here.
    assert.ok(flights.pipelined > sites.length / 10, `${flights.pipelined} requests pipelined`);
    assert.equal(one.pipelined, 0);
  });

  it('an error answer in a flight is thrown, and the answers after it are read (the channel stays in step)', () => {
    const native = loadNative();
    if ('error' in native) throw new Error(native.error);
    const e = new NativeEngine(native, { tsconfig: path.join(FIXTURES, 'workflows/tsconfig.json') });
    try {
      const inside = e as unknown as { api: { client: unknown }; project: { checker: { getStringType(): unknown; getNumberType(): unknown; typeToString(t: unknown): string } } };
      const pipeline = pipelineOf(inside.api.client)!;
      const checker = inside.project.checker;
      const [s, n] = [checker.getStringType(), checker.getNumberType()];
      assert.throws(() => pipeline.run([() => checker.typeToString(s), () => checker.typeToString({ id: 987654321 }), () => checker.typeToString(n)]), /type handle 987654321 not found/);
      assert.deepEqual(pipeline.run([() => checker.typeToString(n), () => checker.typeToString(s)]), ['number', 'string']);
      assert.equal(checker.typeToString(n), 'number');
    } finally {
      e.dispose();
    }
  });
});
