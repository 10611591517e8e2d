// The example workspace's snapshots: its own .ts workflows (imported through tsx, so their `awaitly` is the
// workspace's 4.5.1) run through awaitly 4.5.1's durable.run with fake deps, plus three problem files derived in
// code from the real ones and one unrelated JSON file.
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { expect, sameList, roundTrip, recordingStore, lastSave, stored } from './support.mjs';

/** rt: the awaitly line the workspace is written for; wsDir: example-workspace/; W/WText: write into its snapshots/. */
export async function writeWorkspaceSnapshots(rt, wsDir, W, WText) {
  const { ok, err, durable } = rt;
  const wsImport = (rel) => tsImport(join(wsDir, rel), import.meta.url);
  const checkoutModule = await wsImport('src/checkout.ts');
  const onboardingModule = await wsImport('src/onboarding.ts');
  await wsImport('src/nightly-billing.ts'); // imported so a broken module fails the script; no snapshot is taken from it


  // 14. checkout whose payment step failed, its replay, and a successful checkout
  let checkoutDeclined;
  let checkoutPaidEntry;
  {
    const cart = {
      id: 'cart-1001',
      customerId: 'cus-7',
      items: [
        { sku: 'mug-blue', qty: 2, unitPriceCents: 1200 },
        { sku: 'tea-sampler', qty: 1, unitPriceCents: 1800 },
      ],
    };
    const declined = () => err({ type: 'CARD_DECLINED', declineCode: 'insufficient_funds' });
    const approved = (_customerId, amountCents) => ok({ chargeId: 'ch-1001', amountCents });
    const makeDeps = (calls, chargeOutcome) => {
      const base = checkoutModule.createCheckoutDeps({ [cart.id]: cart });
      const counted = Object.fromEntries(
        Object.entries(base).map(([name, fn]) => [name, async (...args) => ((calls[name] = (calls[name] ?? 0) + 1), fn(...args))]),
      );
      return {
        ...counted,
        reserveStock: async (items) => ((calls.reserveStock = (calls.reserveStock ?? 0) + 1), ok({ reservationId: 'res-1001', skus: items.map((i) => i.sku) })),
        chargeCard: async (customerId, amountCents) => ((calls.chargeCard = (calls.chargeCard ?? 0) + 1), chargeOutcome(customerId, amountCents)),
      };
    };
    // checkout(cartId, runner) calls runner.run(async ({ step, deps }) => …); this runner hands that body to durable.run.
    const durableRunner = (deps, store) => ({
      run: (fn) => durable.run(deps, fn, { id: `checkout-${cart.id}`, store, metadata: { workflow: 'checkout', cartId: cart.id } }),
    });

    const store = recordingStore();
    const calls1 = {};
    const r1 = await checkoutModule.checkout(cart.id, durableRunner(makeDeps(calls1, declined), store));
    checkoutDeclined = stored(store, `checkout-${cart.id}`);
    expect(!r1.ok && r1.error.type === 'CARD_DECLINED', 'checkout fails with CARD_DECLINED', r1);
    expect(
      sameList(Object.keys(checkoutDeclined.steps), ['loadCart', 'price:cart-1001', 'reserveStock', 'quoteShipping', 'payment:cart-1001']),
      'checkout snapshot keys',
      Object.keys(checkoutDeclined.steps),
    );

    // Replay: the same id, now with a card that works, still fails, and chargeCard is not called.
    const calls2 = {};
    const replayStore = recordingStore({ [`checkout-${cart.id}`]: roundTrip(checkoutDeclined) });
    const r2 = await checkoutModule.checkout(cart.id, durableRunner(makeDeps(calls2, approved), replayStore));
    expect(!r2.ok && r2.error.type === 'CARD_DECLINED' && !calls2.chargeCard && !calls2.loadCart, 'the stored failure is replayed', { r2, calls2 });
    expect(calls2.reserveStock === 1 && calls2.quoteShipping === 1, 'replay still calls reserveStock (promise passed) and quoteShipping (keyless retry)', calls2);
    W('checkout-payment-declined.json', checkoutDeclined, {
      description:
        'src/checkout.ts run through durable.run (id "checkout-cart-1001") with a card that declines: "chargeCard" (key "payment:cart-1001") failed, and resuming replays that failure. "quoteShipping" (keyless step.retry) is recorded but never restored.',
      source: { api: 'durable.run via checkout(cartId, runner)', module: 'src/checkout.ts', id: 'checkout-cart-1001', taken: 'store state after the failed run' },
      observed: {
        callsRun1: calls1,
        resumeWithWorkingCard: {
          resultError: r2.error,
          calls: calls2,
          note: 'failure replayed without calling chargeCard; reserveStock still ran (its promise is created before step() sees the restored key) and quoteShipping re-ran (keyless step.retry is not restored)',
        },
      },
      expectValid: true,
    });

    // A successful checkout (fresh store): its last checkpoint shows colliding-step-keys as data.
    const okStore = recordingStore();
    const calls3 = {};
    const r3 = await checkoutModule.checkout(cart.id, durableRunner(makeDeps(calls3, approved), okStore));
    expect(r3.ok && !okStore.data.has(`checkout-${cart.id}`), 'successful checkout deletes its state', r3);
    const okLast = lastSave(okStore, `checkout-${cart.id}`);
    checkoutPaidEntry = okLast.steps['payment:cart-1001'];
    expect(checkoutPaidEntry?.ok === true, 'payment entry of the successful run', okLast);
    expect(
      sameList(Object.keys(okLast.steps), ['loadCart', 'price:cart-1001', 'reserveStock', 'quoteShipping', 'payment:cart-1001', 'createShipment']) &&
        'messageId' in okLast.steps.createShipment.value,
      '"sendReceipt" (key "createShipment") overwrote createShipment\'s entry',
      okLast.steps,
    );
    W('checkout-completed-last-checkpoint.json', okLast, {
      description:
        'src/checkout.ts with a working card: last checkpoint before durable deleted the state. Key "createShipment" holds sendReceipt\'s value {messageId}, because sendReceipt uses key "createShipment" (colliding-step-keys); a resume would hand that value back as the shipment.',
      source: { api: 'durable.run via checkout(cartId, runner)', module: 'src/checkout.ts', id: 'checkout-cart-1001', taken: 'last store.save before store.delete' },
      observed: { resultOk: r3.ok, saves: okStore.saves.length },
      expectValid: true,
    });
  }

  // 15. onboarding cancelled mid-run
  {
    const store = recordingStore();
    const ac = new AbortController();
    const base = onboardingModule.createOnboardingDeps();
    const deps = {
      ...base,
      provisionWorkspace: async (accountId) => {
        const res = await base.provisionWorkspace(accountId);
        ac.abort('deploy: worker shutting down'); // the process is told to stop while this step is in flight
        return res;
      },
    };
    const request = { userId: 'u-42', email: 'dana@example.com', teammates: ['lee@example.com', 'kim@example.com'] };
    const r = await onboardingModule.onboard(request, deps, { store, signal: ac.signal });
    const snap = stored(store, 'onboarding-u-42');
    const keys = Object.keys(snap?.steps ?? {});
    expect(!r.ok && r.cause?.type === 'WORKFLOW_CANCELLED', 'onboarding is cancelled', r);
    expect(keys[0] === 'account:u-42' && /^trial:acct-u-42:\d+$/.test(keys[1] ?? '') && !keys.includes('sendEmail'), 'onboarding mid-run keys', keys);
    W('onboarding-mid-run.json', snap, {
      description:
        'src/onboarding.ts (durable id "onboarding-u-42") cancelled through its AbortSignal while "provisionWorkspace" ran; welcome email and invites not done yet. The trial key contains a Date.now() value (unstable-step-key), so a resumed run would not find it.',
      source: { api: 'durable.run inside onboard(request, deps, {store, signal})', module: 'src/onboarding.ts', id: 'onboarding-u-42', taken: 'store state after the cancelled run' },
      observed: { keys, resultErrorTag: r.error?._tag ?? null, resultCause: r.cause },
      expectValid: true,
    });
  }

  // 16. derived problem files (mutations of the real checkout snapshot, made here in code)
  {
    // (a) MUTATION: rename the step key "reserveStock" to "reserveInventory", keeping entry order and value,
    //     as if the snapshot had been saved by an older version that called the step step('reserveInventory', …).
    //     No current step produces "reserveInventory"; awaitly accepts the file and ignores the entry on resume.
    const renamed = roundTrip(checkoutDeclined);
    renamed.steps = Object.fromEntries(Object.entries(renamed.steps).map(([k, v]) => [k === 'reserveStock' ? 'reserveInventory' : k, v]));
    const calls = {};
    const base = checkoutModule.createCheckoutDeps({});
    const countingDeps = Object.fromEntries(Object.entries(base).map(([name, fn]) => [name, async (...args) => ((calls[name] = (calls[name] ?? 0) + 1), fn(...args))]));
    const resumeStore = recordingStore({ 'checkout-cart-1001': roundTrip(renamed) });
    const rr = await checkoutModule.checkout('cart-1001', { run: (fn) => durable.run(countingDeps, fn, { id: 'checkout-cart-1001', store: resumeStore }) });
    expect(!rr.ok && rr.error.type === 'CARD_DECLINED' && calls.reserveStock === 1, 'unknown key ignored, reserveStock ran again, stored failure replayed', { rr, calls });
    const carried = Object.keys(stored(resumeStore, 'checkout-cart-1001').steps);
    expect(carried.includes('reserveInventory') && carried.includes('reserveStock'), 'the unknown key is carried forward into the next save', carried);
    W('checkout-renamed-step.json', renamed, {
      kind: 'WorkflowSnapshot',
      description: 'DERIVED from checkout-payment-declined.json: step key "reserveStock" renamed to "reserveInventory" (as if saved before the step was renamed). No current step in src/checkout.ts produces that key.',
      source: { derivedFrom: 'checkout-payment-declined.json', mutation: 'rename steps key "reserveStock" -> "reserveInventory" (same position, same value)' },
      observed: { resumeResultError: rr.error, calls, stepsStoredAfterResume: carried, note: 'awaitly ignores the unknown key silently and carries it forward into later saves' },
      expectValid: true,
    });

    // (b) MUTATION: delete `cause` from the failed entry "payment:cart-1001". validateSnapshot rejects it and
    //     durable.run refuses to load it (PERSISTENCE_ERROR).
    const missingCause = roundTrip(checkoutDeclined);
    delete missingCause.steps['payment:cart-1001'].cause;
    const badStore = recordingStore({ 'checkout-cart-1001': roundTrip(missingCause) });
    const rb = await checkoutModule.checkout('cart-1001', { run: (fn) => durable.run(countingDeps, fn, { id: 'checkout-cart-1001', store: badStore }) });
    expect(!rb.ok && rb.error.type === 'PERSISTENCE_ERROR' && rb.error.operation === 'load', 'durable refuses a snapshot without cause', rb);
    W('checkout-missing-cause.json', missingCause, {
      kind: 'WorkflowSnapshot',
      description: 'DERIVED from checkout-payment-declined.json: the ok:false entry "payment:cart-1001" has no "cause". awaitly\'s validateSnapshot rejects it.',
      source: { derivedFrom: 'checkout-payment-declined.json', mutation: 'delete steps["payment:cart-1001"].cause' },
      observed: { durableRunError: { type: rb.error.type, operation: rb.error.operation, message: rb.error.message } },
      expectValid: false,
    });

    // (c) MUTATION (text): the real JSON text of checkout-payment-declined.json with the "payment:cart-1001" entry of
    //     the successful checkout run (ok:true) pasted as the FIRST entry of "steps", the way a hand "fix" might add it.
    //     The text then has "payment:cart-1001" twice; JSON.parse keeps the last one (the real failure), so the
    //     pasted success is silently ignored.
    const realText = JSON.stringify(checkoutDeclined, null, 2);
    const pasted = JSON.stringify({ 'payment:cart-1001': checkoutPaidEntry }, null, 2)
      .split('\n')
      .slice(1, -1)
      .map((line) => `  ${line}`)
      .join('\n');
    const marker = '  "steps": {\n';
    expect(realText.indexOf(marker) > 0 && realText.indexOf(marker) === realText.lastIndexOf(marker), 'steps marker found once');
    const dupText = realText.replace(marker, `${marker}${pasted},\n`) + '\n';
    expect((dupText.match(/^ {4}"payment:cart-1001": \{$/gm) ?? []).length === 2, 'duplicated key present twice in the text');
    const dupParsed = WText('checkout-duplicate-step-key.json', dupText, {
      kind: 'WorkflowSnapshot',
      description:
        'DERIVED by string manipulation: the JSON text has step key "payment:cart-1001" twice (first a pasted ok:true entry from the successful run, then the real failure). JSON.parse keeps the last, so awaitly sees only the failure.',
      source: {
        derivedFrom: 'checkout-payment-declined.json (+ the "payment:cart-1001" entry of checkout-completed-last-checkpoint.json)',
        mutation: 'text insert of a second "payment:cart-1001" entry at the start of "steps"',
      },
      expectValid: true,
    });
    expect(dupParsed.steps['payment:cart-1001'].ok === false, 'JSON.parse keeps the last duplicate');

    // (d) a JSON file that is not a snapshot at all; tools must skip it.
    const notes = {
      title: 'Support notes for the demo shop',
      owner: 'team-checkout',
      items: [
        { date: '2024-03-02', text: 'cart-1001: customer asked why the payment keeps failing after updating the card' },
        { date: '2024-03-04', text: 'onboarding-u-42: worker was redeployed mid-run' },
      ],
    };
    W('notes.json', notes, {
      kind: 'other',
      description: 'Unrelated JSON (support notes) in the snapshots folder; not a snapshot, tools must skip it.',
      source: { handWritten: true },
      expectValid: false,
    });
  }
}
