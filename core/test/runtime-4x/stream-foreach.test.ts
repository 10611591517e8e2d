// step.streamForEach on awaitly 4.5.1 (test-fixtures/workflows-4x/restore/stream.ts): the keys it records and what
// a resume re-runs, RUN for checkpointInterval 1 and 2, against the analysis' key and restore mode.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type StepInfo } from '../../src/analysis';
import { canProduce } from '../../src/analysis/patterns';

const DIR = path.resolve(__dirname, '../../../test-fixtures/workflows-4x/restore');
const mod = require(path.join(DIR, 'stream.ts'));

async function recordAndResume(interval: number): Promise<{ keys: string[]; rerun: number[] }> {
  mod.processed.length = 0;
  let state: { steps: Map<string, unknown> } | undefined;
  const first = await mod.runStreams(interval, { run: (fn: unknown) => mod.streams.runWithState(fn).then((r: any) => ((state = r.resumeState), r.result)) });
  assert.equal(first.ok, true);
  assert.deepEqual(mod.processed, [0, 1, 2, 3]);
  mod.processed.length = 0;
  const second = await mod.runStreams(interval, { run: (fn: unknown) => mod.streams.run(fn, { resumeState: state }) });
  assert.equal(second.ok, true);
  return { keys: [...state!.steps.keys()], rerun: [...mod.processed] };
}

describe('awaitly 4.5.1 runtime: step.streamForEach keys and resume vs the analysis', () => {
  let step: StepInfo;
  before(() => {
    const result = createAnalysisProject({ rootDir: DIR }).analyzeProject();
    step = result.workflows.find((w) => w.label === 'streams')!.steps[0]!;
  });

  it('checkpointInterval 1: every item is cached under stream-foreach:async-iterable:pos-<n> and restored; the analysis says so', async () => {
    const { keys, rerun } = await recordAndResume(1);
    assert.deepEqual(keys, [0, 1, 2, 3].map((n) => `stream-foreach:async-iterable:pos-${n}`));
    assert.deepEqual(rerun, []);
    assert.equal(step.kind, 'streamForEach');
    assert.equal(step.restore, 'restored');
    for (const k of keys) assert.ok(canProduce(step.key!, k), `${step.key!.pattern} produces ${k}`);
  });

  it('checkpointInterval 2: the items between checkpoints are recorded as stream-item-<n> and run again on resume', async () => {
    // Runtime facts only. The analysis does not read checkpointInterval yet (see the H1 report): it predicts every
    // item restored under the stream-foreach pattern.
    const { keys, rerun } = await recordAndResume(2);
    assert.deepEqual(keys, ['stream-foreach:async-iterable:pos-0', 'stream-item-1', 'stream-foreach:async-iterable:pos-2', 'stream-item-3']);
    assert.deepEqual(rerun, [1, 3]);
  });
});
