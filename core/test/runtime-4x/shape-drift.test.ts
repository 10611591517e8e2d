// awaitly 4.5.1's durable shape guard (metadata.stepOrder / stepArgs → WorkflowShapeDriftError) against the replay
// plan's prediction: test-fixtures/workflows-4x/drift/shapes.ts runs its base version until the last step fails,
// then each edited version is RESUMED by durable.run from that real checkpoint. Which edits awaitly rejects
// (reorder, rename, insert before, other bound-step arguments) and which it allows (append, withResource / race
// added, a missing fingerprint) must be exactly what planReplay predicts; a createWorkflow resume checks nothing.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type ProjectAnalysis, type WorkflowInfo } from '../../src/analysis';
import { planReplay, readReplayInput } from '../../src/replay';

const DIR = path.resolve(__dirname, '../../../test-fixtures/workflows-4x/drift');
const mod = require(path.join(DIR, 'shapes.ts'));
const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function memoryStore(initial?: unknown) {
  const data = new Map<string, unknown>(initial ? [['shape-1', roundTrip(initial)]] : []);
  return {
    data,
    save: async (id: string, s: unknown) => { data.set(id, roundTrip(s)); },
    load: async (id: string) => data.get(id) ?? null,
    delete: async (id: string) => { data.delete(id); },
    list: async () => [],
    close: async () => {},
  };
}

/** The versions in source order, as the analysis lists the durable.run workflows of the file. */
const VERSIONS = ['base', 'reordered', 'renamed', 'insertedBefore', 'otherBoundArgs', 'appended', 'resourceAndRaceAdded'] as const;

interface Outcome { rejected: boolean; stepIndex?: number; expected?: string; actual?: string; calls: string[] }

async function resume(version: string, snapshot: unknown): Promise<Outcome> {
  mod.calls.length = 0;
  const store = memoryStore(snapshot);
  const r = await mod[version](store);
  assert.equal(r.ok, false, `${version}: the stored failure or the drift ends the run`);
  const cause = r.error?.cause;
  if (r.error?.type === 'PERSISTENCE_ERROR' && cause?.name === 'WorkflowShapeDriftError') {
    assert.deepEqual(store.data.get('shape-1'), roundTrip(snapshot), 'a rejected resume leaves the checkpoint untouched');
    return { rejected: true, stepIndex: cause.stepIndex, expected: cause.expectedStepKey, actual: cause.actualStepKey, calls: [...mod.calls] };
  }
  assert.equal(r.error, 'NOT_YET', `${version}: ${JSON.stringify(r.error)}`);
  return { rejected: false, calls: [...mod.calls] };
}

describe('awaitly 4.5.1 runtime: durable shape drift vs the replay plan', () => {
  let analysis: ProjectAnalysis;
  let versions: Map<string, WorkflowInfo>;
  let checkpoint: any;
  before(async () => {
    analysis = createAnalysisProject({ rootDir: DIR }).analyzeProject();
    const durables = analysis.workflows.filter((w) => w.entry === 'durable.run').sort((a, b) => a.range.start.line - b.range.start.line);
    assert.equal(durables.length, VERSIONS.length);
    versions = new Map(VERSIONS.map((v, i) => [v, durables[i]!]));
    mod.calls.length = 0;
    mod.control.failLast = true;
    const store = memoryStore();
    const first = await mod.base(store);
    assert.equal(first.error, 'NOT_YET');
    checkpoint = store.data.get('shape-1');
  });

  it('the base run saved the guard data: stepOrder and a fingerprint for the bound step only', () => {
    assert.deepEqual(checkpoint.metadata.stepOrder, ['a', 'getUser', 'b', 'last']);
    assert.deepEqual(checkpoint.metadata.stepArgs.map((a: unknown) => typeof a), ['object', 'string', 'object', 'object']);
  });

  const expectations: Array<[string, boolean]> = [
    ['base', false], ['reordered', true], ['renamed', true], ['insertedBefore', true], ['otherBoundArgs', true],
    ['appended', false], ['resourceAndRaceAdded', false],
  ];
  for (const [version, rejects] of expectations) {
    it(`${version}: durable.run ${rejects ? 'rejects' : 'allows'} the resume, and the plan predicts exactly that`, async () => {
      const outcome = await resume(version, checkpoint);
      assert.equal(outcome.rejected, rejects, JSON.stringify(outcome));
      const plan = planReplay(versions.get(version)!, readReplayInput(roundTrip(checkpoint))!, analysis.semantics);
      if (!rejects) {
        assert.equal(plan.shapeDrift, undefined, JSON.stringify(plan.shapeDrift));
        return;
      }
      assert.deepEqual(outcome.calls, [], 'the guard throws before any step runs');
      assert.ok(plan.shapeDrift, `${version}: no drift predicted`);
      assert.deepEqual(
        [plan.shapeDrift.stepIndex, plan.shapeDrift.expectedStepKey, plan.shapeDrift.actualStepKey],
        [outcome.stepIndex, outcome.expected, outcome.actual],
      );
    });
  }

  it('a checkpoint without the bound step\'s fingerprint: other arguments are allowed, and no drift is predicted', async () => {
    const noFingerprint = roundTrip(checkpoint);
    noFingerprint.metadata.stepArgs[1] = null;
    const outcome = await resume('otherBoundArgs', noFingerprint);
    assert.equal(outcome.rejected, false);
    assert.equal(planReplay(versions.get('otherBoundArgs')!, readReplayInput(noFingerprint)!, analysis.semantics).shapeDrift, undefined);
  });

  it('createWorkflow resuming the same checkpoint with the reordered steps does no such check, and the plan predicts none', async () => {
    mod.calls.length = 0;
    const r = await mod.resumeWithCreateWorkflow(roundTrip(checkpoint));
    assert.equal(r.error, 'NOT_YET', 'the stored failure replays; no PERSISTENCE_ERROR');
    assert.deepEqual(mod.calls, [], 'a, b and getUser are restored from the snapshot');
    const created = analysis.workflows.find((w) => w.entry === 'createWorkflow')!;
    const plan = planReplay(created, readReplayInput(roundTrip(checkpoint))!, analysis.semantics);
    assert.equal(plan.shapeDrift, undefined);
    assert.deepEqual(plan.steps.map((s) => s.state), ['skipped', 'skipped', 'skipped', 'replay-failure']);
  });
});
