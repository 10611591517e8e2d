// Bound-step position keys on awaitly 4.5.1 (`steps.getUser(…)` → getUser, getUser#2, …, counted per dep per run,
// also through helper functions) against the analysis' keys: the fixture is analysed, then RUN (record, then resume
// from the recorded state with counted calls: every bound step is restored).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type WorkflowInfo } from '../../src/analysis';

const DIR = path.resolve(__dirname, '../../../test-fixtures/workflows-4x/restore');
const mod = require(path.join(DIR, 'bound-keys.ts'));

describe('awaitly 4.5.1 runtime: bound-step position keys vs the analysis', () => {
  let wf: WorkflowInfo;
  let recorded: string[];
  let callsOnResume: string[];
  before(async () => {
    const result = createAnalysisProject({ rootDir: DIR }).analyzeProject();
    wf = result.workflows.find((w) => w.label === 'bound')!;
    assert.ok(wf, result.workflows.map((w) => w.label).join());
    mod.calls.length = 0;
    let state: { steps: Map<string, unknown> } | undefined;
    const first = await mod.runBound({ run: (fn: unknown) => mod.bound.runWithState(fn).then((r: any) => ((state = r.resumeState), r.result)) });
    assert.equal(first.ok, true, JSON.stringify(first));
    recorded = [...state!.steps.keys()];
    mod.calls.length = 0;
    const second = await mod.runBound({ run: (fn: unknown) => mod.bound.run(fn, { resumeState: state }) });
    assert.equal(second.ok, true, JSON.stringify(second));
    callsOnResume = [...mod.calls];
  });

  it('awaitly numbers the calls per dep across the body and the helper', () => {
    assert.deepEqual(recorded, ['getUser', 'getUser#2', 'getOrder', 'getUser#3', 'getOrder#2', 'getUser#4', 'getOrder#3', 'getUser#5']);
    assert.deepEqual(callsOnResume, [], 'every bound step is restored on resume');
  });

  it('the analysis gives every bound call site its key, in execution order, with helper calls expanded per call', () => {
    const bound = wf.steps.filter((s) => s.kind === 'bound');
    const keys = bound.map((s) => s.key?.value ?? s.key?.pattern ?? null);
    assert.deepEqual(keys, recorded);
    assert.ok(bound.every((s) => s.restore === 'restored'), bound.map((s) => s.restore).join());
  });
});
