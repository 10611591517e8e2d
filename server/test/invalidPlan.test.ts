// The awaitlyLens/replayPlan request for a snapshot awaitly refuses: the plan names the refusal with awaitly's own
// validation error (checked here with the example workspace's awaitly 4.5.1), instead of reading as a normal plan.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ReplayPlanRequest } from '../src/protocol/requests';
import { copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

describe('server: replay plan of a snapshot awaitly refuses', function () {
  this.timeout(120_000);
  let ws: string;
  let client: LspClient;
  const snap = (f: string) => path.join(ws, 'snapshots', f);

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
    const file = path.join(ws, 'src', 'checkout.ts');
    await client.open(file);
    await client.diagnostics(file);
  });
  after(async () => {
    await client.stop();
  });

  it('checkout-missing-cause.json: the plan says awaitly rejects it and why; a valid snapshot gets no such note', async () => {
    const awaitly = require(require.resolve('awaitly', { paths: [EXAMPLE] })) as { validateSnapshot(x: unknown): { valid: boolean; errors: string[] } };
    const verdict = awaitly.validateSnapshot(require(path.join(EXAMPLE, 'snapshots', 'checkout-missing-cause.json')));
    assert.deepEqual(verdict, { valid: false, errors: ['steps["payment:cart-1001"] is error result but missing cause field'] });

    const plan = await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: uriOf(snap('checkout-missing-cause.json')) });
    assert.ok(plan);
    assert.equal(plan.workflow.label, 'checkout');
    // checkout is a createWorkflow workflow: it does not validate a snapshot option, so the plan stays, with the refusal first.
    assert.match(plan.notes[0]!, /^awaitly's validateSnapshot rejects this snapshot \(steps\["payment:cart-1001"\] is error result but missing cause field\): a durable\.run resume fails to load it; a createWorkflow resume does not validate/);
    assert.ok(plan.notes.some((n) => n.includes(verdict.errors[0]!)));

    const valid = await client.rpc.sendRequest(ReplayPlanRequest.type, { snapshotUri: uriOf(snap('checkout-payment-declined.json')) });
    assert.ok(valid);
    assert.ok(!valid.notes.some((n) => /rejects this snapshot/.test(n)), valid.notes.join('\n'));
  });
});
