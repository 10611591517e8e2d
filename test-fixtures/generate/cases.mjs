// The cases every awaitly line is run through (generate.mjs calls writeCommonCases once per line). Each runs a
// real workflow with fixed inputs, checks the outcomes it relies on, and writes what awaitly saved.
import { expect, sameList, roundTrip, recordingStore, lastSave, stored } from './support.mjs';

/** rt: one awaitly line (runtimes.mjs); S(file, value, entry): write a fixture into that line's folder. */
export async function writeCommonCases(rt, S) {
  const { ok, err, durable, isWorkflowCancelled, createWorkflow, serializeResumeState, deserializeResumeState } = rt;
  // 1. a successful 3-step run: first checkpoint (mid-run) and last checkpoint (state is deleted on success)
  {
    const store = recordingStore();
    const deps = {
      fetchUser: async (id) => ok({ id, name: 'Alice' }),
      chargeCard: async (amount) => ok({ chargeId: 'ch_1', amount }),
      sendEmail: async () => ok(undefined),
    };
    const r = await durable.run(
      deps,
      async ({ step, deps }) => {
        const user = await step('fetchUser', () => deps.fetchUser('u1'));
        const charge = await step('chargeCard', () => deps.chargeCard(100), { key: 'charge:u1' });
        await step('sendEmail', () => deps.sendEmail());
        return { user, charge };
      },
      { id: 'order-completed', store },
    );
    expect(r.ok, 'order-completed should succeed', r);
    expect(sameList(store.ops, ['load:order-completed', 'save:order-completed', 'save:order-completed', 'save:order-completed', 'delete:order-completed']), 'store ops of a successful run', store.ops);
    expect(!store.data.has('order-completed'), 'state is deleted after success');
    const first = store.saves[0].snapshot;
    const last = lastSave(store, 'order-completed');
    expect(sameList(Object.keys(last.steps), ['fetchUser', 'charge:u1', 'sendEmail']), 'completed steps', Object.keys(last.steps));
    expect(last.execution.status === 'running' && !('value' in last.steps.sendEmail), 'last checkpoint says running; ok(undefined) has no value after JSON', last);
    S('running-first-checkpoint.json', first, {
      description: 'First checkpoint of a 3-step durable run, saved after step "fetchUser": a run in progress.',
      source: { api: 'durable.run', id: 'order-completed', taken: 'first store.save' },
      expectValid: true,
    });
    S('completed-last-checkpoint.json', last, {
      description:
        'Last checkpoint of a successful run (durable deletes the state on success, so this is the most a completed run ever leaves; status still "running"). Explicit key "charge:u1"; "sendEmail" returned ok(undefined), so it has no value.',
      source: { api: 'durable.run', id: 'order-completed', taken: 'last store.save before store.delete' },
      observed: { resultOk: r.ok, storeOps: store.ops },
      expectValid: true,
    });
  }

  // 2. idempotency record: the only library-written snapshot with execution.status "completed"
  {
    const store = recordingStore();
    const r = await durable.run({}, async ({ step }) => step('calc', () => ok(42)), {
      id: 'order-idem',
      store,
      idempotencyKey: 'req-123',
      input: { orderId: 'o-1' },
    });
    const rec = stored(store, 'idem:req-123');
    expect(r.ok && r.value === 42, 'idempotent run should succeed with 42', r);
    expect(rec && rec.execution.status === 'completed' && Object.keys(rec.steps).length === 0, 'idem record is completed with no steps', rec);
    S('idempotency-record.json', rec, {
      description: 'Idempotency record stored under "idem:req-123" (durable idempotencyKey): status "completed", no steps, finalResult in metadata.',
      source: { api: 'durable.run', id: 'order-idem', storeKey: 'idem:req-123', taken: 'store state after the run' },
      observed: { storeOps: store.ops },
      expectValid: true,
    });
  }

  // 3. a step returned err(...) without a cause
  {
    const store = recordingStore();
    const r = await durable.run(
      { reserve: async () => ok({ reservationId: 'r-9' }), charge: async () => err({ type: 'CARD_DECLINED', amount: 100 }) },
      async ({ step, deps }) => {
        await step('reserve', () => deps.reserve());
        await step('charge', () => deps.charge());
      },
      { id: 'order-failed', store },
    );
    const snap = stored(store, 'order-failed');
    expect(!r.ok && r.error.type === 'CARD_DECLINED', 'err result fails the run', r);
    expect(snap.steps.charge.ok === false && snap.steps.charge.cause.type === 'thrown' && snap.steps.charge.meta.origin === 'result', 'err() without cause is encoded as thrown undefined', snap.steps.charge);
    S('failed-err-result.json', snap, {
      description: 'Step "charge" returned err({type:"CARD_DECLINED",amount:100}) with no cause: cause is {type:"thrown",originalType:"undefined"}, meta.origin "result".',
      source: { api: 'durable.run', id: 'order-failed', taken: 'store state after the failed run' },
      expectValid: true,
    });
  }

  // 4. a step returned err(...) with an Error cause
  {
    const store = recordingStore();
    const r = await durable.run(
      { findRow: async (n) => err('NOT_FOUND', { cause: new RangeError(`row ${n} missing`) }) },
      async ({ step, deps }) => {
        await step('open', () => ok('tx-1'));
        await step('findRow', () => deps.findRow(7), { key: 'row:7' });
      },
      { id: 'order-failed-cause', store },
    );
    const snap = stored(store, 'order-failed-cause');
    const entry = snap.steps['row:7'];
    expect(!r.ok && r.error === 'NOT_FOUND', 'err with cause fails the run', r);
    expect(entry.cause.type === 'error' && entry.cause.name === 'RangeError' && entry.meta.origin === 'result', 'err cause is serialized as an error', entry);
    S('failed-err-with-cause.json', snap, {
      description: 'Step keyed "row:7" returned err("NOT_FOUND", {cause: new RangeError("row 7 missing")}): cause {type:"error",name:"RangeError",…}, meta.origin "result".',
      source: { api: 'durable.run', id: 'order-failed-cause', taken: 'store state after the failed run' },
      expectValid: true,
    });
  }

  // 5. a step fn threw an Error with an Error.cause chain
  {
    const store = recordingStore();
    const r = await durable.run(
      {},
      async ({ step }) => {
        await step('first', () => ok(1));
        await step('db', () => {
          throw new Error('db down', { cause: new TypeError('socket closed', { cause: new Error('ECONNRESET') }) });
        });
      },
      { id: 'order-thrown', store },
    );
    const snap = stored(store, 'order-thrown');
    const c = snap.steps.db.cause;
    expect(!r.ok && r.error?._tag === 'UnexpectedError', 'a throw becomes UnexpectedError', r);
    expect(c.name === 'Error' && c.cause?.name === 'TypeError' && c.cause?.cause?.message === 'ECONNRESET' && snap.steps.db.meta.origin === 'throw', 'cause chain kept', c);
    S('thrown-error-chain.json', snap, {
      description: 'Step "db" threw Error("db down") caused by TypeError("socket closed") caused by Error("ECONNRESET"): error is the UnexpectedError as JSON (its own cause {}), cause keeps the 3-level chain, meta.origin "throw".',
      source: { api: 'durable.run', id: 'order-thrown', taken: 'store state after the failed run' },
      expectValid: true,
    });
  }

  // 6. a step fn threw a non-Error value
  {
    const store = recordingStore();
    const r = await durable.run(
      {},
      async ({ step }) => {
        await step('weird', () => {
          throw { code: 42, reason: 'plain object thrown' };
        });
      },
      { id: 'order-thrown-object', store },
    );
    const snap = stored(store, 'order-thrown-object');
    expect(!r.ok && snap.steps.weird.cause.type === 'thrown' && snap.steps.weird.cause.originalType === 'Object', 'non-Error throw encoding', snap.steps.weird);
    S('thrown-non-error.json', snap, {
      description: 'Step "weird" threw a plain object {code:42,…}: cause {type:"thrown",originalType:"Object",stringRepresentation:"[object Object]",value:{…}}.',
      source: { api: 'durable.run', id: 'order-thrown-object', taken: 'store state after the failed run' },
      expectValid: true,
    });
  }

  // 7. step.try whose fn threw
  {
    const store = recordingStore();
    const r = await durable.run(
      {},
      async ({ step }) => {
        const a = await step.try('parse', () => JSON.parse('{"a":1}'), { error: 'PARSE_FAILED' });
        await step.try('parseConfig', () => JSON.parse('{oops'), { error: 'PARSE_FAILED', key: 'config:v1' });
        return a;
      },
      { id: 'order-try', store },
    );
    const snap = stored(store, 'order-try');
    const e = snap.steps['config:v1'];
    expect(!r.ok && r.error === 'PARSE_FAILED', 'step.try maps the throw', r);
    expect(e.error === 'PARSE_FAILED' && e.cause.name === 'SyntaxError' && e.meta.origin === 'throw', 'step.try failure encoding', e);
    S('step-try-thrown.json', snap, {
      description: 'step.try "parse" succeeded; step.try "parseConfig" (key "config:v1") threw SyntaxError: error is the mapped "PARSE_FAILED", cause the SyntaxError, meta.origin "throw".',
      source: { api: 'durable.run', id: 'order-try', taken: 'store state after the failed run' },
      expectValid: true,
    });
  }

  // 8. cancelled mid-run via AbortSignal
  {
    const store = recordingStore();
    const ac = new AbortController();
    let twoRan = false;
    const r = await durable.run(
      {},
      async ({ step }) => {
        await step('one', () => ok(1));
        ac.abort('shutdown');
        await step('two', () => {
          twoRan = true;
          return ok(2);
        });
      },
      { id: 'order-cancelled', store, signal: ac.signal },
    );
    const snap = stored(store, 'order-cancelled');
    expect(!r.ok && !twoRan && r.cause?.type === 'WORKFLOW_CANCELLED' && sameList(Object.keys(snap.steps), ['one']), 'cancelled run keeps only step "one"', { r, snap });
    S('cancelled-mid-run.json', snap, {
      description: 'Run aborted through its AbortSignal after step "one": the state keeps the completed step, status "running".',
      source: { api: 'durable.run', id: 'order-cancelled', taken: 'store state after the cancelled run' },
      observed: { resultErrorTag: r.error?._tag ?? r.error?.type ?? null, resultCauseType: r.cause?.type ?? null, isWorkflowCancelled: isWorkflowCancelled(r.error) },
      expectValid: true,
    });
  }

  // 9. metadata + version, first run crashes, resumed run merges metadata and adds steps
  {
    const store = recordingStore();
    let crash = true;
    const wf = async ({ step }) => {
      await step('a', () => ok('A'));
      await step('b', () => ok('B'), { key: 'b:v2' });
      if (crash) {
        crash = false;
        throw new Error('process crashed'); // escapes the body, not a step: nothing is recorded for it
      }
      await step('c', () => ok('C'));
      await step('d', () => {
        throw new Error('d failed');
      });
    };
    const r1 = await durable.run({}, wf, { id: 'order-meta', store, version: 2, metadata: { tenant: 'acme', requestId: 'req-7' } });
    const afterRun1 = stored(store, 'order-meta');
    const r2 = await durable.run({}, wf, { id: 'order-meta', store, version: 2, metadata: { tenant: 'acme', resumedBy: 'worker-2' } });
    const afterRun2 = stored(store, 'order-meta');
    expect(!r1.ok && !r2.ok, 'both runs fail', { r1, r2 });
    expect(afterRun1.workflowName === 'order-meta' && afterRun1.metadata.version === 2 && afterRun1.metadata.requestId === 'req-7', 'first run metadata', afterRun1);
    expect(
      sameList(Object.keys(afterRun2.steps), ['a', 'b:v2', 'c', 'd']) && afterRun2.metadata.requestId === 'req-7' && afterRun2.metadata.resumedBy === 'worker-2' && !('workflowName' in afterRun2),
      'resumed run merges steps and metadata and drops workflowName',
      afterRun2,
    );
    S('metadata-first-run.json', afterRun1, {
      description: 'durable.run with version:2 and metadata {tenant,requestId}; the body crashed (outside any step) after "a" and "b:v2". metadata = options.metadata + version + lastStepKey.',
      source: { api: 'durable.run', id: 'order-meta', taken: 'store state after run 1' },
      expectValid: true,
    });
    S('metadata-resumed-merged.json', afterRun2, {
      description: 'Same id resumed with metadata {tenant,resumedBy}: stored and new metadata merged, steps c and d added ("d" threw), workflowName dropped by mergeSnapshots.',
      source: { api: 'durable.run', id: 'order-meta', taken: 'store state after run 2 (resumed)' },
      expectValid: true,
    });
  }

  // 10. many steps: 60 distinct keys from a loop
  {
    const store = recordingStore();
    const r = await durable.run(
      { processItem: async (i) => ok({ item: i, checksum: (i * 7919) % 1000 }) },
      async ({ step, deps }) => {
        let total = 0;
        for (let i = 1; i <= 60; i++) {
          const out = await step('processItem', () => deps.processItem(i), { key: `item:${String(i).padStart(3, '0')}` });
          total += out.checksum;
        }
        return total;
      },
      { id: 'batch-60', store },
    );
    const last = lastSave(store, 'batch-60');
    expect(r.ok && store.saves.length === 60 && Object.keys(last.steps).length === 60, '60 saves and 60 keys', { ok: r.ok, saves: store.saves.length });
    S('many-steps-60.json', last, {
      description: 'Last checkpoint of a loop of 60 steps with distinct keys "item:001" … "item:060".',
      source: { api: 'durable.run', id: 'batch-60', taken: 'last store.save before store.delete' },
      expectValid: true,
    });
  }

  // 11. bound steps: steps.<dep>(…) keys are "<dep>", "<dep>#2", "<dep>#3" (per-run invocation counter)
  {
    const store = recordingStore();
    const users = { u1: 'Alice', u2: 'Bob' };
    const r = await durable.run(
      { getUser: async (id) => (users[id] ? ok({ id, name: users[id] }) : err('USER_NOT_FOUND')) },
      async ({ steps }) => {
        const a = await steps.getUser('u1');
        const b = await steps.getUser('u2');
        const c = await steps.getUser('u404');
        return [a, b, c];
      },
      { id: 'bound-deps', store },
    );
    const snap = stored(store, 'bound-deps');
    expect(!r.ok && r.error === 'USER_NOT_FOUND', 'third bound call fails', r);
    expect(sameList(Object.keys(snap.steps), ['getUser', 'getUser#2', 'getUser#3']) && snap.steps['getUser#3'].ok === false, 'bound step keys', snap.steps);
    S('bound-dep-steps.json', snap, {
      description: 'Bound steps: steps.getUser("u1"), ("u2"), ("u404") are recorded as "getUser", "getUser#2", "getUser#3"; the third returned err("USER_NOT_FOUND").',
      source: { api: 'durable.run', id: 'bound-deps', taken: 'store state after the failed run' },
      expectValid: true,
    });
  }

  // 12. keyless step.retry: recorded in the snapshot under its id, never restored
  {
    const store = recordingStore();
    const calls = { fetchQuote: 0, reserve: 0 };
    const persisted = [];
    let crash = true;
    const deps = {
      fetchQuote: async () => (calls.fetchQuote++, ok({ carrier: 'parcel-co', costCents: 499 })),
      reserve: async () => (calls.reserve++, ok({ reservationId: 'r-1' })),
    };
    const wf = async ({ step, deps }) => {
      const quote = await step.retry('fetchQuote', () => deps.fetchQuote(), { attempts: 2 });
      const reservation = await step('reserve', () => deps.reserve());
      if (crash) {
        crash = false;
        throw new Error('process crashed');
      }
      return { quote, reservation };
    };
    const onEvent = (e) => {
      if (e.type === 'persist_success') persisted.push(e.stepKey ?? e.key ?? null);
    };
    await durable.run(deps, wf, { id: 'keyless-retry', store, onEvent });
    const afterRun1 = stored(store, 'keyless-retry');
    const savesInRun1 = store.saves.length;
    const r2 = await durable.run(deps, wf, { id: 'keyless-retry', store });
    expect(sameList(Object.keys(afterRun1.steps), ['fetchQuote', 'reserve']), 'keyless retry is recorded', afterRun1.steps);
    expect(savesInRun1 === 1, 'only the keyed step triggered a save', savesInRun1);
    expect(r2.ok && calls.fetchQuote === 2 && calls.reserve === 1, 'on resume the keyless retry re-ran and the keyed step was restored', { r2, calls });
    S('keyless-retry-recorded.json', afterRun1, {
      description: 'step.retry("fetchQuote", …, {attempts:2}) without a key, then step("reserve"); the body crashed after both. "fetchQuote" is in the snapshot but is never restored.',
      source: { api: 'durable.run', id: 'keyless-retry', taken: 'store state after run 1' },
      observed: { savesInRun1, persistSuccessEvents: persisted.length, resumedRunOk: r2.ok, callsAfterResume: calls },
      expectValid: true,
    });
  }

  // 13. resume states from workflow.runWithState + serializeResumeState
  {
    const wf = createWorkflow('resume-demo', { lookup: async (sku) => ok({ sku, stock: 3 }) });
    const ran = [];
    const body = async ({ step, deps }) => {
      ran.push('lookup');
      const item = await step('lookup', () => deps.lookup('sku-1'), { key: 'stock:sku-1' });
      const parsed = await step.try('parse', () => JSON.parse('{"qty":2}'), { error: 'PARSE_FAILED' });
      await step('reserve', () => ok({ sku: item.sku, qty: parsed.qty }));
      return item.stock - parsed.qty;
    };
    const { result, resumeState } = await wf.runWithState(body);
    expect(result.ok && result.value === 1, 'resume-demo succeeds', result);
    const ser = roundTrip(serializeResumeState(resumeState));
    const replay = await wf.run(body, { resumeState: deserializeResumeState(ser) });
    expect(replay.ok && replay.value === 1, 'resuming with the deserialized state gives the same result', replay);
    S('resume-state-success.json', ser, {
      description: 'serializeResumeState of a successful runWithState: keys "stock:sku-1" (explicit key), "parse" (step.try), "reserve".',
      source: { api: 'createWorkflow("resume-demo").runWithState + serializeResumeState' },
      expectValid: true,
    });

    const wf2 = createWorkflow('resume-fail', {
      load: async () => ok({ rows: 2 }),
      write: async () => err('WRITE_REJECTED', { cause: new Error('disk quota exceeded') }),
    });
    const { result: r2, resumeState: rs2 } = await wf2.runWithState(async ({ step, deps }) => {
      await step('load', () => deps.load());
      await step('write', () => deps.write(), { key: 'write:batch-1' });
    });
    const ser2 = roundTrip(serializeResumeState(rs2));
    expect(!r2.ok && r2.error === 'WRITE_REJECTED', 'resume-fail fails', r2);
    expect(ser2.steps.length === 2 && ser2.steps[1][0] === 'write:batch-1' && ser2.steps[1][1].cause.type === 'error', 'failure is in the resume state', ser2);
    S('resume-state-failure.json', ser2, {
      description: 'serializeResumeState of a failed runWithState: "load" ok, "write:batch-1" returned err("WRITE_REJECTED", {cause: Error("disk quota exceeded")}).',
      source: { api: 'createWorkflow("resume-fail").runWithState + serializeResumeState' },
      expectValid: true,
    });
  }

}
