// A snapshot awaitly refuses to load gets no normal plan: the plan says the resume fails, and why (awaitly's own
// validation errors). Shown on both lines by resuming for real: durable.run's load returns PERSISTENCE_ERROR and
// runs no step; createWorkflow({ snapshot }) does not validate, so its plan stays a plan, with the refusal named.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type WorkflowInfo } from '../../src/analysis';
import { checkSnapshotAgainstCode, planReplay, readReplayInput } from '../../src/replay';
import { runInProcess, TempDir } from '../cli/helpers';
import { jsonRoundTrip, memoryStore } from '../support/memoryStore';

const ROOT = path.resolve(__dirname, '../../../test-fixtures');

const LINES = [
  { version: '1.35.0', dir: path.join(ROOT, 'workflows/replay'), awaitly: () => require('awaitly/workflow') },
  { version: '4.5.1', dir: path.join(ROOT, 'workflows-4x/replay'), awaitly: () => require('awaitly-4') },
];

for (const line of LINES) {
  describe(`replay plan: a snapshot awaitly refuses (awaitly ${line.version})`, function () {
    this.timeout(120_000);
    const fixture = require(path.join(line.dir, 'orders.ts'));
    let workflows: WorkflowInfo[];
    let semantics: ReturnType<ReturnType<typeof createAnalysisProject>['analyzeProject']>['semantics'];
    const reset = (failShip: boolean) => {
      fixture.control.failCharge = false;
      fixture.control.failShip = failShip;
      for (const k of Object.keys(fixture.calls)) delete fixture.calls[k];
    };
    before(() => {
      const analysis = createAnalysisProject({ rootDir: line.dir }).analyzeProject();
      workflows = analysis.workflows;
      semantics = analysis.semantics;
    });

    /** A real durable save (ship failed), then one entry's ok made a string: awaitly's validator rejects it. */
    async function corruptedSave() {
      const store = memoryStore();
      reset(true);
      assert.equal((await fixture.runDurableOrder('7', store)).ok, false);
      const valid = jsonRoundTrip(store.saved.get('order-7')) as { steps: Record<string, { ok: unknown }> };
      const bad = jsonRoundTrip(valid);
      bad.steps.loadOrder!.ok = 'true';
      return { store, valid, bad };
    }

    it('durable.run: the plan says the resume fails with awaitly\'s errors, and the real resume fails at load, running nothing', async () => {
      const { store, valid, bad } = await corruptedSave();
      const awaitlyVerdict = line.awaitly().validateSnapshot(bad) as { valid: boolean; errors: string[] };
      assert.deepEqual(awaitlyVerdict, { valid: false, errors: ['steps["loadOrder"].ok must be a boolean'] });

      const durableWf = workflows.find((w) => w.entry === 'durable.run')!;
      const input = readReplayInput(bad)!;
      assert.deepEqual(input.rejected, awaitlyVerdict.errors, 'the plan input carries awaitly\'s own errors');
      const plan = planReplay(durableWf, input, semantics);
      assert.deepEqual(plan.rejected, { errors: awaitlyVerdict.errors, fails: true });
      assert.equal(plan.summary, `resume fails: durable.run returns PERSISTENCE_ERROR (operation 'load'), Invalid snapshot format: steps["loadOrder"].ok must be a boolean; no step runs`);
      assert.deepEqual([...new Set(plan.steps.map((s) => s.state))], ['not-reached']);
      assert.match(plan.steps[0]!.reason, /^never starts: resume fails: durable\.run returns PERSISTENCE_ERROR/);
      assert.equal(plan.shapeDrift, undefined);
      // The valid save of the same run gets a normal plan.
      const normal = planReplay(durableWf, readReplayInput(valid)!, semantics);
      assert.equal(normal.rejected, undefined);
      assert.ok(normal.steps.some((s) => s.state === 'skipped'));

      store.saved.set('order-7', bad);
      reset(false);
      const resumed = await fixture.runDurableOrder('7', store);
      assert.equal(resumed.ok, false);
      assert.equal(resumed.error.type, 'PERSISTENCE_ERROR');
      assert.equal(resumed.error.operation, 'load');
      assert.match(resumed.error.message, /Invalid snapshot format: steps\["loadOrder"\]\.ok must be a boolean/);
      assert.deepEqual(fixture.calls, {}, 'no step ran, as planned');
    });

    it('createWorkflow({ snapshot }): awaitly does not validate there, so the plan stays a plan and names the refusal', async () => {
      const { bad } = await corruptedSave();
      const plan = planReplay(workflows.find((w) => w.label === 'orders')!, readReplayInput(bad)!, semantics);
      assert.deepEqual(plan.rejected, { errors: ['steps["loadOrder"].ok must be a boolean'], fails: false });
      assert.match(plan.summary, /^awaitly's validateSnapshot rejects this snapshot \(steps\["loadOrder"\]\.ok must be a boolean\): a durable\.run resume fails to load it; a createWorkflow resume does not validate and goes as follows; /);
      assert.equal(plan.steps.find((s) => s.id === 'loadOrder')?.state, 'skipped');
      assert.equal(plan.steps.find((s) => s.id === 'ship')?.state, 'replay-failure');
      reset(false);
      const resumed = await fixture.runOrders('7', { snapshot: bad });
      assert.equal(resumed.result.ok, false);
      assert.equal(resumed.result.error, 'NO_COURIER', 'createWorkflow resumed from it and replayed the stored failure, as planned');
      assert.equal(fixture.calls.loadOrder, undefined, "the 'true' string counted as a cached success");
    });

    it('a serialized resume state awaitly cannot deserialize: the plan says the resume fails', () => {
      const state = { kind: 'ResumeState', steps: [['loadOrder', { ok: false }]] };
      assert.throws(() => line.awaitly().deserializeResumeState(state), TypeError);
      const plan = planReplay(workflows.find((w) => w.label === 'orders')!, readReplayInput(state)!, semantics);
      assert.equal(plan.rejected?.fails, true);
      assert.match(plan.summary, /^resume fails: deserializeResumeState throws on this resume state \(steps\[0\] is an error result without a cause\); no step runs$/);
    });

    it('checkSnapshotAgainstCode and the CLI plan say it too', async () => {
      const { bad } = await corruptedSave();
      const text = JSON.stringify(bad, null, 2);
      const check = checkSnapshotAgainstCode(text, bad, workflows, semantics, { rejectedByAwaitly: true });
      assert.equal(check.plan?.rejected?.fails, true);
      const tmp = new TempDir();
      try {
        tmp.write('bad.json', text);
        const r = await runInProcess(['plan', path.join(tmp.root, 'bad.json'), line.dir, '--format', 'json'], { cwd: tmp.root });
        const out = JSON.parse(r.stdout) as { summary: string; steps: Array<{ state: string }>; notes: string[] };
        assert.match(out.summary, /^resume fails: durable\.run returns PERSISTENCE_ERROR \(operation 'load'\)/);
        assert.deepEqual([...new Set(out.steps.map((s) => s.state))], ['not-reached']);
        assert.match(out.notes.join('\n'), /validateSnapshot rejects this snapshot: steps\["loadOrder"\]\.ok must be a boolean/);
      } finally {
        tmp.remove();
      }
    });
  });
}
