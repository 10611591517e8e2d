// Replay plans on both awaitly lines, checked by resuming the twin fixtures for real and counting calls: a loop
// step whose key is a template gets one row per snapshot entry; keys that change in every run, and options the
// analysis cannot see into, are planned as awaitly treats them; shape drift is predicted for durable.run resumes
// only (4.5.1), and an unstable key makes every durable resume fail with WorkflowShapeDriftError.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type ProjectAnalysis, type WorkflowInfo } from '../../src/analysis';
import { planReplay, readReplayInput, selectWorkflow, type ReplayPlan, type StepPlan } from '../../src/replay';
import { checkRow } from '../../src/cli/storeCheck';
import { jsonRoundTrip, memoryStore } from '../support/memoryStore';

const ROOT = path.resolve(__dirname, '../../../test-fixtures');

interface Line {
  version: string;
  dir: string;
  awaitly: { serializeResumeState(s: unknown): unknown; deserializeResumeState(s: unknown): unknown };
}
const LINES: Line[] = [
  { version: '1.35.0', dir: path.join(ROOT, 'workflows/dataflow'), awaitly: require('awaitly/workflow') },
  { version: '4.5.1', dir: path.join(ROOT, 'workflows-4x/keys'), awaitly: require('awaitly-4') },
];

const rows = (s: StepPlan) => (s.iterations ?? []).map((i) => [i.entryKey ?? '*', i.state]);

for (const line of LINES) {
  describe(`replay plan: loops, unstable and opaque keys (awaitly ${line.version} resumes)`, () => {
    let analysis: ProjectAnalysis;
    const wf = (label: string): WorkflowInfo => analysis.workflows.find((w) => w.label === label)!;
    const load = (name: string) => require(path.join(line.dir, name));
    const counter = () => load('counter.ts') as { calls: Record<string, number>; resetCalls(): void };
    before(() => {
      analysis = createAnalysisProject({ rootDir: line.dir }).analyzeProject();
    });

    it('a paginated loop: one row per page in the snapshot (skipped, skipped, the stored failure replays), and the resume runs no page', async () => {
      const { runPages, control } = load('loops.ts');
      control.failAt = 2;
      counter().resetCalls();
      const first = await runPages(4);
      assert.equal(first.result.ok, false);
      const saved = jsonRoundTrip(line.awaitly.serializeResumeState(first.resumeState));
      const plan = planReplay(wf('paged'), readReplayInput(saved)!, analysis.semantics);
      const page = plan.steps[0]!;
      assert.equal(page.state, 'replay-failure');
      assert.equal(page.entryKey, 'page:2');
      assert.deepEqual(rows(page), [['page:0', 'skipped'], ['page:1', 'skipped'], ['page:2', 'replay-failure']]);

      control.failAt = undefined; // fixed, yet the stored failure replays
      counter().resetCalls();
      const resumed = await runPages(4, { resumeState: line.awaitly.deserializeResumeState(saved) });
      assert.equal(resumed.result.ok, false);
      assert.equal(resumed.result.error, 'PAGE_FAILED');
      assert.deepEqual(counter().calls, {}, 'no page ran: 0 and 1 skipped, 2 replayed, 3 not reached');
    });

    it('a paginated loop resumed with more pages: cached pages are skipped, later pages run', async () => {
      const { runPages, control } = load('loops.ts');
      control.failAt = undefined;
      const first = await runPages(2);
      const saved = jsonRoundTrip(line.awaitly.serializeResumeState(first.resumeState));
      const plan = planReplay(wf('paged'), readReplayInput(saved)!, analysis.semantics);
      assert.equal(plan.steps[0]!.state, 'skipped');
      assert.deepEqual(rows(plan.steps[0]!), [['page:0', 'skipped'], ['page:1', 'skipped'], ['*', 'runs']]);
      counter().resetCalls();
      const resumed = await runPages(4, { resumeState: line.awaitly.deserializeResumeState(saved) });
      assert.deepEqual(resumed.result.value, [0, 1, 2, 3]);
      assert.deepEqual(counter().calls, { 'page:2': 1, 'page:3': 1 });
    });

    it('unstable keys run again, opaque options may be skipped under their id: the plan agrees with the real resume', async () => {
      const { runOpaque } = load('opaque.ts');
      counter().resetCalls();
      const first = await runOpaque();
      const saved = jsonRoundTrip(line.awaitly.serializeResumeState(first.resumeState));
      const plan = planReplay(wf('opaque'), readReplayInput(saved)!, analysis.semantics);
      const byId = Object.fromEntries(plan.steps.map((s) => [s.id, s]));
      assert.deepEqual(Object.fromEntries(plan.steps.map((s) => [s.id, s.state])),
        { policed: 'skipped', policedKey: 'skipped', custom: 'maybe', spread: 'maybe', pure: 'skipped', constant: 'skipped', hooked: 'runs', perRun: 'runs' });
      assert.deepEqual(byId.custom!.matches, ['custom']);
      assert.match(byId.custom!.reason, /not statically known: cached under their key property if they have one, else under the id 'custom'/);
      assert.match(byId.hooked!.reason, /depends on createHook\(\), which changes on every run/);
      assert.match(byId.perRun!.reason, /depends on ctx\.workflowId/);
      counter().resetCalls();
      await runOpaque(line.awaitly.deserializeResumeState(saved));
      assert.deepEqual(counter().calls, { hooked: 1, perRun: 1 });
    });
  });
}

describe('replay plan: durable shape drift (awaitly 4.5.1 resumes)', () => {
  const dir = path.join(ROOT, 'workflows-4x/keys');
  let analysis: ProjectAnalysis;
  const load = (name: string) => require(path.join(dir, name));
  const counter = () => load('counter.ts') as { calls: Record<string, number>; resetCalls(): void };
  before(() => {
    analysis = createAnalysisProject({ rootDir: dir }).analyzeProject();
  });

  it('durable pagination: the stored snapshot plans one row per page, no drift (same order); the resume replays the failure and runs nothing', async () => {
    const { runDurablePages, control } = load('durable.ts');
    const store = memoryStore();
    control.failAt = 2;
    const first = await runDurablePages(4, store);
    assert.equal(first.ok, false);
    const snapshot = store.saved.get('pages');
    const input = readReplayInput(snapshot)!;
    assert.deepEqual(input.stepOrder, ['page:0', 'page:1', 'page:2']);
    const match = selectWorkflow(analysis.workflows, input.workflowName);
    assert.equal(match.workflow?.entry, 'durable.run');
    const plan = planReplay(match.workflow!, input, analysis.semantics);
    assert.equal(plan.shapeDrift, undefined);
    assert.deepEqual(rows(plan.steps[0]!), [['page:0', 'skipped'], ['page:1', 'skipped'], ['page:2', 'replay-failure']]);
    control.failAt = undefined;
    counter().resetCalls();
    const resumed = await runDurablePages(4, store);
    assert.equal(resumed.ok, false);
    assert.equal(resumed.error, 'PAGE_FAILED');
    assert.deepEqual(counter().calls, {});
  });

  it('a Date.now() key under durable.run: the plan predicts WorkflowShapeDriftError at that step, and awaitly fails the resume with it', async () => {
    const { runTrial, control } = load('durable.ts');
    const store = memoryStore();
    control.failWorkspace = true;
    const first = await runTrial('u1', store);
    assert.equal(first.ok, false);
    const snapshot = store.saved.get('trial-u1');
    const input = readReplayInput(snapshot)!;
    const match = selectWorkflow(analysis.workflows, input.workflowName);
    const plan = planReplay(match.workflow!, input, analysis.semantics);
    assert.equal(plan.steps[1]!.state, 'runs');
    assert.equal(plan.shapeDrift?.stepIndex, 1);
    assert.equal(plan.shapeDrift?.expectedStepKey, input.stepOrder![1]);
    assert.match(plan.summary, /^durable resume (may )?fails? with WorkflowShapeDriftError at step 2/);

    await new Promise((r) => setTimeout(r, 5)); // a later millisecond, as any real resume is
    control.failWorkspace = false;
    counter().resetCalls();
    const resumed = await runTrial('u1', store);
    assert.equal(resumed.ok, false);
    assert.equal(resumed.error.type, 'PERSISTENCE_ERROR');
    assert.equal(resumed.error.cause.name, 'WorkflowShapeDriftError');
    assert.equal(resumed.error.cause.stepIndex, 1);
    assert.equal(resumed.error.cause.expectedStepKey, input.stepOrder![1]);
    assert.deepEqual(counter().calls, {}, 'nothing ran: the guard fails before the step');
  });

  it('createWorkflow resuming from a durable snapshot whose stepOrder no longer fits: no check, no drift in the plan, a note instead', async () => {
    const { runDurablePages, control } = load('durable.ts');
    const store = memoryStore();
    control.failAt = 2;
    await runDurablePages(3, store);
    const snapshot = store.saved.get('pages') as { metadata: { stepOrder: string[] } };
    snapshot.metadata.stepOrder = ['renamed', 'page:1', 'page:2'];
    const input = readReplayInput(snapshot)!;
    const paged = analysis.workflows.find((w) => w.label === 'paged')!;
    const plan = planReplay(paged, input, analysis.semantics);
    assert.equal(plan.shapeDrift, undefined);
    assert.match(plan.notes.join('\n'), /only a durable\.run resume checks it/);
    // The same step order under durable.run is drift.
    const durableWf = analysis.workflows.find((w) => w.label === 'pages')!;
    assert.equal(planReplay(durableWf, input, analysis.semantics).shapeDrift?.expectedStepKey, 'renamed');

    const loops = load('loops.ts');
    loops.control.failAt = undefined;
    counter().resetCalls();
    const resumed = await loops.runPages(3, { snapshot });
    assert.equal(resumed.result.ok, false, 'the stored failure replays; the step order is not compared');
    assert.equal(resumed.result.error, 'PAGE_FAILED');
    assert.deepEqual(counter().calls, {});
    const drifted = await runDurablePages(3, store2(snapshot));
    assert.equal(drifted.error.cause.name, 'WorkflowShapeDriftError');
  });
});

describe('replay plan: bound-step argument fingerprints (awaitly 4.5.1 durable resumes)', () => {
  const dir = path.join(ROOT, 'workflows-4x/keys');
  let analysis: ProjectAnalysis;
  const load = (name: string) => require(path.join(dir, name));
  const counter = () => load('counter.ts') as { calls: Record<string, number>; resetCalls(): void };
  const users = (n: number) => analysis.workflows.filter((w) => w.label === 'users')[n]!;
  before(() => {
    analysis = createAnalysisProject({ rootDir: dir }).analyzeProject();
  });

  async function storedV1() {
    const { runUsersV1, control } = load('durable.ts');
    const store = memoryStore();
    control.failAudit = true;
    const first = await runUsersV1(store);
    assert.equal(first.ok, false);
    control.failAudit = false;
    return store;
  }

  it('the fingerprint computed from plain-value arguments is the one awaitly stores in metadata.stepArgs', async () => {
    const store = await storedV1();
    const snapshot = store.saved.get('users') as { metadata: { stepArgs: Array<string | null> } };
    assert.equal(users(0).steps[0]!.argsFingerprint, snapshot.metadata.stepArgs[0]);
    assert.equal(snapshot.metadata.stepArgs[1], null);
    assert.equal(users(2).steps[0]!.argsFingerprint, undefined, 'arguments known only at run time');
  });

  it('other arguments in the code: the plan predicts WorkflowShapeDriftError with both fingerprints, and awaitly fails the resume with exactly that', async () => {
    const store = await storedV1();
    const input = readReplayInput(store.saved.get('users'))!;
    const plan = planReplay(users(1), input, analysis.semantics);
    assert.equal(plan.shapeDrift?.stepIndex, 0);
    const same = planReplay(users(0), input, analysis.semantics);
    assert.equal(same.shapeDrift, undefined, 'the same arguments: no drift');
    const unknown = planReplay(users(2), input, analysis.semantics);
    assert.equal(unknown.shapeDrift, undefined);
    assert.match(unknown.notes.join('\n'), /metadata\.stepArgs holds the argument fingerprints of bound step\(s\) 'getUser' \(step 1\)/);

    counter().resetCalls();
    const resumed = await load('durable.ts').runUsersV2(store);
    assert.equal(resumed.ok, false);
    assert.equal(resumed.error.cause.name, 'WorkflowShapeDriftError');
    assert.equal(resumed.error.cause.stepIndex, 0);
    assert.equal(resumed.error.cause.expectedStepKey, plan.shapeDrift!.expectedStepKey);
    assert.equal(resumed.error.cause.actualStepKey, plan.shapeDrift!.actualStepKey);
    assert.deepEqual(counter().calls, {});
    // The same arguments pass the guard: getUser is skipped and the stored audit failure replays; nothing runs.
    counter().resetCalls();
    const again = await load('durable.ts').runUsersV1(store);
    assert.equal(again.error, 'AUDIT');
    assert.deepEqual(counter().calls, {});
  });
});

describe('replay plan: a createWorkflow body run through durable.run (the example checkout, awaitly 4.5.1)', () => {
  const EXAMPLE = path.join(ROOT, 'example-workspace');
  const { durable } = require(require.resolve('awaitly/durable', { paths: [EXAMPLE] }));
  const checkoutModule = require(path.join(EXAMPLE, 'src/checkout.ts'));
  let analysis: ProjectAnalysis;
  before(() => {
    analysis = createAnalysisProject({ rootDir: EXAMPLE }).analyzeProject();
  });

  it('a stepOrder that no longer fits: the plan stays a createWorkflow plan and notes that the durable resume fails; both resumes behave so', async () => {
    const snapshot = JSON.parse(require('node:fs').readFileSync(path.join(EXAMPLE, 'snapshots/checkout-payment-declined.json'), 'utf8'));
    snapshot.metadata.stepOrder[2] = 'reserveInventory';
    const checkout = analysis.workflows.find((w) => w.label === 'checkout')!;
    assert.equal(checkout.entry, 'createWorkflow');
    const plan = planReplay(checkout, readReplayInput(snapshot)!, analysis.semantics);
    assert.equal(plan.shapeDrift, undefined);
    assert.match(plan.summary, /^replays the stored failure/);
    assert.match(plan.notes.join('\n'), /Resumed through durable\.run \(which wrote it\), it (may )?fails? with WorkflowShapeDriftError at step 3 \('reserveInventory' → 'reserveStock'\)/);

    const deps = checkoutModule.createCheckoutDeps();
    const viaDurable = await checkoutModule.checkout('cart-1001', { run: (fn: unknown) => durable.run(deps, fn, { id: 'checkout-cart-1001', store: store2(snapshot, 'checkout-cart-1001') }) });
    assert.equal(viaDurable.error.cause.name, 'WorkflowShapeDriftError');
    assert.equal(viaDurable.error.cause.stepIndex, 2);
    const viaCreateWorkflow = await checkoutModule.checkout('cart-1001', { run: (fn: unknown) => checkoutModule.checkoutWorkflow.run(fn, { snapshot }) });
    assert.equal(viaCreateWorkflow.error.type, 'CARD_DECLINED', 'no step-order check: the stored failure replays, as planned');
    // The durable resume's drift is the plan's (one rule, replay/shape-drift.ts), and the store check counts the row by it.
    assert.deepEqual([plan.durableDrift?.stepIndex, plan.durableDrift?.expectedStepKey, plan.durableDrift?.actualStepKey], [viaDurable.error.cause.stepIndex, viaDurable.error.cause.expectedStepKey, viaDurable.error.cause.actualStepKey]);
    const row = checkRow({ type: 'entry', id: 'checkout-cart-1001', text: JSON.stringify(snapshot), origin: { kind: 'row', store: 'test', table: 'awaitly_snapshots', id: 'checkout-cart-1001' } }, { workflows: analysis.workflows, semantics: analysis.semantics });
    assert.ok(row.categories.includes('shape-drift'), row.categories.join());
    assert.deepEqual(row.shapeDrift, plan.durableDrift);
  });
});

/** A store holding one snapshot under a durable id. */
function store2(snapshot: unknown, id = 'pages') {
  const s = memoryStore();
  s.saved.set(id, jsonRoundTrip(snapshot));
  return s;
}

export type { ReplayPlan };
