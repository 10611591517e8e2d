// Replay plans checked against real awaitly 4.5.1 resumes (the twin of core/test/replay/plan.test.ts, which runs
// 1.35.0): produce a partial state by running test-fixtures/workflows-4x/replay/orders.ts with a failing
// dependency, plan, resume for real (createWorkflow and durable.run), and compare which step functions ran.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type WorkflowInfo } from '../../src/analysis';
import { planReplay, readReplayInput, selectWorkflow, type ReplayPlan } from '../../src/replay';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures/workflows-4x');
const fixture = require(path.join(FIXTURES, 'replay/orders.ts'));
const { serializeResumeState, deserializeResumeState } = require('awaitly-4');

const project = createAnalysisProject({ rootDir: path.join(FIXTURES, 'replay') });
const analysis = project.analyzeProject();
const wf = (label: string): WorkflowInfo => analysis.workflows.find((w) => w.label === label)!;

function reset(failCharge: boolean, failShip: boolean): void {
  fixture.control.failCharge = failCharge;
  fixture.control.failShip = failShip;
  for (const k of Object.keys(fixture.calls)) delete fixture.calls[k];
}
const jsonRoundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const states = (plan: ReplayPlan) => Object.fromEntries(plan.steps.map((s) => [s.id ?? s.key, s.state]));

/** A step's function ran on resume iff the plan did not say skipped / replay-failure / not-reached. */
function assertPlanMatches(plan: ReplayPlan, ran: Record<string, number>, labelOf: (id: string) => string = (id) => id): void {
  for (const s of plan.steps) {
    const label = labelOf(s.id ?? s.key!);
    const expectedToRun = s.state === 'runs' || (s.state === 'maybe' && !s.matches?.length);
    assert.equal(!!ran[label], expectedToRun, `${label}: plan ${s.state}, ran ${ran[label] ?? 0}`);
  }
}

describe('awaitly 4.5.1 runtime: replay plan vs real resumes', () => {
  it('plans with 4.x semantics (the fixture folder\'s awaitly is 4.5.1)', () => {
    assert.equal(analysis.semantics.line, '4.x');
    assert.equal(analysis.semantics.version, '4.5.1');
  });

  it('stored failure: earlier steps skipped, keyless retry runs, the failure replays, later steps not reached', async () => {
    reset(true, false);
    const first = await fixture.runOrders('1');
    assert.equal(first.result.ok, false);
    const saved = jsonRoundTrip(serializeResumeState(first.resumeState));
    const plan = planReplay(wf('orders'), readReplayInput(saved)!, analysis.semantics);
    assert.deepEqual(states(plan), { loadOrder: 'skipped', reserve: 'skipped', price: 'runs', charge: 'replay-failure', notify: 'not-reached', ship: 'not-reached' });
    assert.equal(plan.steps[1]!.entryKey, 'reserve:1', 'the one entry its key pattern matches');
    assert.equal(plan.steps[2]!.entryKey, 'price', 'recorded but never restored');
    assert.deepEqual(plan.unknown, []);

    reset(false, false); // the dependency is fixed, yet awaitly replays the stored failure
    const resumed = await fixture.runOrders('1', { resumeState: deserializeResumeState(saved) });
    assert.equal(resumed.result.ok, false);
    assert.equal(resumed.result.error, 'DECLINED');
    assertPlanMatches(plan, fixture.calls);
  });

  it('crash before the last step: everything cached is skipped, the rest runs; bound steps use dep keys', async () => {
    reset(false, true);
    const first = await fixture.runOrders('2');
    const saved = jsonRoundTrip(serializeResumeState(first.resumeState));
    saved.steps = saved.steps.filter(([k]: [string]) => k !== 'ship'); // as if the process died before ship finished
    const plan = planReplay(wf('orders'), readReplayInput(saved)!, analysis.semantics);
    assert.deepEqual(states(plan), { loadOrder: 'skipped', reserve: 'skipped', price: 'runs', charge: 'skipped', notify: 'skipped', ship: 'runs' });
    reset(false, false);
    const resumed = await fixture.runOrders('2', { resumeState: deserializeResumeState(saved) });
    assert.equal(resumed.result.ok, true);
    assertPlanMatches(plan, fixture.calls);
  });

  it('snapshot form with unknown keys: they are listed, and awaitly ignores them', async () => {
    reset(false, true);
    const first = await fixture.runOrders('3');
    const steps = Object.fromEntries(serializeResumeState(first.resumeState).steps.filter(([k]: [string]) => k !== 'ship'));
    const snapshot = jsonRoundTrip({ formatVersion: 1, workflowName: 'orders', steps: { ...steps, legacyStep: { ok: true, value: 1 } }, execution: { status: 'running', lastUpdated: new Date().toISOString() } });
    const match = selectWorkflow(analysis.workflows, readReplayInput(snapshot)!.workflowName);
    assert.equal(match.workflow?.label, 'orders');
    const plan = planReplay(match.workflow!, readReplayInput(snapshot)!, analysis.semantics);
    assert.deepEqual(plan.unknown.map((u) => [u.code, u.key]), [['unknown-snapshot-step', 'legacyStep']]);
    reset(false, false);
    const resumed = await fixture.runOrders('3', { snapshot });
    assert.equal(resumed.result.ok, true);
    assertPlanMatches(plan, fixture.calls);
  });

  it('durable.run: plans from the stored WorkflowSnapshot, matched by durable id pattern', async () => {
    const saved = new Map<string, unknown>();
    const store = {
      save: async (id: string, snap: unknown) => { saved.set(id, jsonRoundTrip(snap)); },
      load: async (id: string) => (saved.get(id) ?? null),
      delete: async (id: string) => { saved.delete(id); },
      list: async () => [...saved.keys()].map((id) => ({ id, updatedAt: '' })),
      close: async () => undefined,
    };
    reset(false, true);
    const first = await fixture.runDurableOrder('9', store);
    assert.equal(first.ok, false);
    const snapshot = saved.get('order-9') as { workflowName: string; steps: Record<string, unknown> };
    assert.equal(snapshot.workflowName, 'order-9');
    const input = readReplayInput(snapshot)!;
    const match = selectWorkflow(analysis.workflows, input.workflowName);
    assert.equal(match.workflow?.entry, 'durable.run');
    const plan = planReplay(match.workflow!, input, analysis.semantics);
    assert.deepEqual(states(plan), { loadOrder: 'skipped', reserve: 'skipped', price: 'runs', charge: 'skipped', ship: 'replay-failure' });
    assert.deepEqual((snapshot as { metadata?: { stepOrder?: string[] } }).metadata?.stepOrder, ['loadOrder', 'reserve:9', 'price', 'charge', 'ship']);
    assert.equal(plan.shapeDrift, undefined, 'the same code repeats the stored step order');
    reset(false, false);
    const resumed = await fixture.runDurableOrder('9', store);
    assert.equal(resumed.ok, false, 'durable replays the stored failure forever');
    assertPlanMatches(plan, fixture.calls);
  });

});
