// `awaitly-lens plan` through the built bin. The states are checked against real awaitly@1.35.0 resumes: a partial
// state is recorded by running test-fixtures/workflows/replay/orders.ts with a failing dependency, planned by the
// CLI, then resumed for real; a step's function ran iff the plan said it runs.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ensureBuilt, REPO_ROOT, runBin, TempDir } from './helpers';

const REPLAY = path.join(REPO_ROOT, 'test-fixtures', 'workflows', 'replay');
const WORKSPACE = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');
const fixture = require(path.join(REPLAY, 'orders.ts'));
const { serializeResumeState, deserializeResumeState } = require('awaitly/workflow');

interface PlanJson {
  version: number;
  workflow: string | null;
  snapshot: string;
  summary: string;
  steps: Array<{ key: string | null; id: string | null; state: string; line: number | null; file: string; matches?: string[]; entryKey?: string }>;
}

function reset(failCharge: boolean, failShip: boolean): void {
  fixture.control.failCharge = failCharge;
  fixture.control.failShip = failShip;
  for (const k of Object.keys(fixture.calls)) delete fixture.calls[k];
}

function plan(args: string[], cwd = REPO_ROOT): { code: number; json: PlanJson; stderr: string } {
  const r = runBin(['plan', ...args, '--format', 'json'], { cwd });
  return { code: r.code, json: JSON.parse(r.stdout) as PlanJson, stderr: r.stderr };
}

/** Steps named after their id; the bound step steps.notify by its key. */
const label = (s: PlanJson['steps'][number]) => s.id ?? s.key!;

describe('cli: plan', function () {
  this.timeout(120000);
  let tmp: TempDir;
  before(() => ensureBuilt());
  beforeEach(() => {
    tmp = new TempDir();
  });
  afterEach(() => tmp.remove());

  it('matches a real resume: skipped and replayed steps do not run, the others do', async () => {
    reset(true, false);
    const first = await fixture.runOrders('1');
    const saved = JSON.parse(JSON.stringify(serializeResumeState(first.resumeState)));
    const file = tmp.write('orders-state.json', saved);
    const { code, json } = plan([file, '--workflow', 'orders', 'test-fixtures/workflows/replay']);
    assert.equal(code, 0);
    assert.equal(json.version, 1);
    assert.equal(json.workflow, 'orders');
    assert.deepEqual(json.steps.map((s) => [label(s), s.state]), [
      ['loadOrder', 'skipped'], ['reserve', 'skipped'], ['price', 'runs'], ['charge', 'replay-failure'], ['notify', 'not-reached'], ['ship', 'not-reached'],
    ]);
    assert.equal(json.steps[1]!.entryKey, 'reserve:1');

    reset(false, false);
    const resumed = await fixture.runOrders('1', { resumeState: deserializeResumeState(saved) });
    assert.equal(resumed.result.error, 'DECLINED', 'the stored failure is replayed although charge now succeeds');
    for (const s of json.steps) {
      const expectedToRun = s.state === 'runs' || (s.state === 'maybe' && !s.matches?.length);
      assert.equal(!!fixture.calls[label(s)], expectedToRun, `${label(s)}: plan ${s.state}, ran ${fixture.calls[label(s)] ?? 0}`);
    }
  });

  it('lists keys no step produces as state "unknown", and awaitly ignores them on resume', async () => {
    reset(false, true);
    const first = await fixture.runOrders('3');
    const steps = Object.fromEntries(serializeResumeState(first.resumeState).steps.filter(([k]: [string]) => k !== 'ship'));
    const snapshot = JSON.parse(JSON.stringify({ formatVersion: 1, workflowName: 'orders', steps: { ...steps, legacyStep: { ok: true, value: 1 } }, execution: { status: 'running', lastUpdated: new Date().toISOString() } }));
    const file = tmp.write('orders-snapshot.json', snapshot);
    const { json } = plan([file, 'test-fixtures/workflows/replay']);
    const unknown = json.steps.filter((s) => s.state === 'unknown');
    assert.deepEqual(unknown.map((s) => [s.key, s.file.endsWith('orders-snapshot.json')]), [['legacyStep', true]]);
    assert.ok(unknown[0]!.line! > 1);

    reset(false, false);
    const resumed = await fixture.runOrders('3', { snapshot });
    assert.equal(resumed.result.ok, true);
    for (const s of json.steps.filter((x) => x.state !== 'unknown')) {
      assert.equal(!!fixture.calls[label(s)], s.state === 'runs', `${label(s)}: plan ${s.state}`);
    }
  });

  it('example workspace: the renamed step\'s key is unknown at its line in the snapshot', () => {
    const { code, json } = plan(['snapshots/checkout-renamed-step.json'], WORKSPACE);
    assert.equal(code, 0);
    assert.equal(json.workflow, 'checkout');
    assert.deepEqual(json.steps.filter((s) => s.state === 'unknown').map((s) => [s.key, s.line]), [['reserveInventory', 33]]);
    assert.deepEqual(json.steps.find((s) => s.id === 'reserveStock')!.state, 'runs');
  });

  it('text output is a table with a summary; errors are named', () => {
    const r = runBin(['plan', 'snapshots/checkout-payment-declined.json'], { cwd: WORKSPACE });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Replay plan for snapshots\/checkout-payment-declined\.json \(awaitly 4\.x semantics \(awaitly 4\.5\.1, node_modules\/awaitly\/package\.json\)\)\n/);
    // The pattern payment:${…} matches one entry, a stored failure: resuming replays it, later steps never run.
    assert.match(r.stdout, /^src\/checkout\.ts:103\s+replay-failure\s+chargeCard\s+payment:\$\{…\}\s+cached failure under 'payment:cart-1001'/m);
    assert.match(r.stdout, /^src\/checkout\.ts:107\s+not-reached\s+createShipment/m);
    assert.match(r.stdout, /^Summary: /m);
    assert.equal(runBin(['plan', 'snapshots/checkout-missing-cause.json'], { cwd: WORKSPACE }).code, 1, 'awaitly rejects it');
    const missing = runBin(['plan', 'snapshots/nope.json'], { cwd: WORKSPACE });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /snapshots\/nope\.json: cannot read: no such file or directory/);
    assert.equal(runBin(['plan', 'snapshots/notes.json'], { cwd: WORKSPACE }).code, 2);
    assert.equal(runBin(['plan'], { cwd: WORKSPACE }).code, 2);
  });
});
