// Regenerates the project's real awaitly fixtures:  npm run fixtures   (= node test-fixtures/generate.mjs)
//
// Every snapshot / resume-state file written here is output of awaitly@1.35.0 itself (durable.run with a
// recording in-memory SnapshotStore, or workflow.runWithState + serializeResumeState), JSON round-tripped
// with JSON.stringify(x, null, 2). Inputs are fixed; timestamps, stack traces and the one Date.now() key in the
// example workspace are whatever the run produces. The only files NOT written by awaitly are:
//   - the three derived problem files in example-workspace/snapshots/, made IN CODE from real ones by the
//     mutations documented next to them below and in manifest.json;
//   - example-workspace/snapshots/notes.json, a deliberately unrelated JSON file that tools must skip;
//   - snapshots/manifest.json, which lists every file and what awaitly says about it.
//
// The script checks every outcome it relies on and exits non-zero if awaitly behaves differently.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ok, err } from 'awaitly';
import { durable, isWorkflowCancelled } from 'awaitly/durable';
import { createWorkflow, serializeResumeState, deserializeResumeState, isSerializedResumeState } from 'awaitly/workflow';
import { validateSnapshot, looksLikeWorkflowSnapshot } from 'awaitly/persistence';

const started = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const SNAP_DIR = join(here, 'snapshots');
const WS_DIR = join(here, 'example-workspace');
const WS_SNAP_DIR = join(WS_DIR, 'snapshots');
const EXPECTED_AWAITLY = '1.35.0';

// ---------------------------------------------------------------------------------------------------------------
// helpers

function expect(condition, message, detail) {
  if (!condition) {
    const extra = detail === undefined ? '' : `\n  got: ${JSON.stringify(detail, replacer)}`;
    throw new Error(`unexpected outcome: ${message}${extra}`);
  }
}
function replacer(_key, value) {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const roundTrip = (x) => JSON.parse(JSON.stringify(x));

function awaitlyVersion() {
  // 'awaitly/package.json' is not in the exports map: resolve the entry and walk up to the package root.
  let dir = dirname(fileURLToPath(import.meta.resolve('awaitly')));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== 'awaitly') {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find awaitly/package.json');
    dir = parent;
  }
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/** In-memory SnapshotStore that records every operation and a JSON round-tripped copy of every save. */
function recordingStore(initial = {}) {
  const data = new Map(Object.entries(initial));
  const saves = [];
  const ops = [];
  return {
    data,
    saves,
    ops,
    async save(id, snapshot) {
      ops.push(`save:${id}`);
      saves.push({ id, snapshot: roundTrip(snapshot) });
      data.set(id, snapshot);
    },
    async load(id) {
      ops.push(`load:${id}`);
      return data.get(id) ?? null;
    },
    async delete(id) {
      ops.push(`delete:${id}`);
      data.delete(id);
    },
    async list() {
      return [...data.keys()].map((id) => ({ id, updatedAt: new Date().toISOString() }));
    },
    async close() {},
  };
}
const lastSave = (store, id) => [...store.saves].reverse().find((s) => s.id === id)?.snapshot;
const stored = (store, id) => (store.data.has(id) ? roundTrip(store.data.get(id)) : undefined);

/** What awaitly says about a parsed JSON value. */
function snapshotVerdict(parsed) {
  const v = validateSnapshot(parsed);
  return {
    validateSnapshot: v.valid ? { valid: true } : { valid: false, errors: v.errors },
    looksLikeWorkflowSnapshot: looksLikeWorkflowSnapshot(parsed),
  };
}
function resumeStateVerdict(parsed) {
  let accepted = false;
  let steps = 0;
  let error;
  try {
    const state = deserializeResumeState(parsed);
    accepted = isSerializedResumeState(parsed) && state.steps instanceof Map && state.steps.size === parsed.steps.length;
    steps = state.steps.size;
  } catch (e) {
    error = String(e);
  }
  return {
    isSerializedResumeState: isSerializedResumeState(parsed),
    deserializeResumeState: error ? { accepted: false, error } : { accepted, steps },
  };
}

function cleanJsonFiles(dir) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith('.json')) rmSync(join(dir, name));
}

const manifestSnapshots = [];
const manifestWorkspace = [];

function manifestEntry(file, kind, entry, awaitly) {
  const derived = Boolean(entry.source?.derivedFrom);
  return { file, kind, derived, description: entry.description, source: entry.source, awaitly, ...(entry.observed ? { observed: entry.observed } : {}) };
}

/** Write a real snapshot (or serialized resume state) as JSON.stringify(x, null, 2) and record it in the manifest. */
function writeFixture(list, dir, file, value, entry) {
  const text = JSON.stringify(value, null, 2) + '\n';
  writeFileSync(join(dir, file), text);
  const parsed = JSON.parse(text);
  const kind = entry.kind ?? (parsed && parsed.kind === 'ResumeState' ? 'SerializedResumeState' : 'WorkflowSnapshot');
  const awaitly = kind === 'SerializedResumeState' ? resumeStateVerdict(parsed) : snapshotVerdict(parsed);
  list.push(manifestEntry(file, kind, entry, awaitly));
  if (entry.expectValid !== undefined) {
    const valid = kind === 'SerializedResumeState' ? awaitly.deserializeResumeState.accepted : awaitly.validateSnapshot.valid;
    expect(valid === entry.expectValid, `${file}: awaitly validity should be ${entry.expectValid}`, awaitly);
  }
  return parsed;
}

/** Write a file whose TEXT is given (used for derived files that JSON.stringify cannot produce). */
function writeText(list, dir, file, text, entry) {
  writeFileSync(join(dir, file), text);
  const parsed = JSON.parse(text);
  const awaitly = snapshotVerdict(parsed);
  list.push(manifestEntry(file, entry.kind, entry, awaitly));
  if (entry.expectValid !== undefined) {
    expect(awaitly.validateSnapshot.valid === entry.expectValid, `${file}: validateSnapshot should be ${entry.expectValid}`, awaitly);
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------------
// setup

const version = awaitlyVersion();
expect(version === EXPECTED_AWAITLY, `awaitly version should be ${EXPECTED_AWAITLY}`, version);
cleanJsonFiles(SNAP_DIR);
cleanJsonFiles(WS_SNAP_DIR);
const S = (file, value, entry) => writeFixture(manifestSnapshots, SNAP_DIR, file, value, entry);

// ---------------------------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------------------------
// Example workspace: run the workspace's own workflow code (imported from its .ts sources through tsx) with fake deps.
const W = (file, value, entry) => writeFixture(manifestWorkspace, WS_SNAP_DIR, file, value, entry);
const wsImport = (rel) => tsImport(join(WS_DIR, rel), import.meta.url);
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
  const dupParsed = writeText(manifestWorkspace, WS_SNAP_DIR, 'checkout-duplicate-step-key.json', dupText, {
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

// ---------------------------------------------------------------------------------------------------------------
// manifest

const manifest = {
  description: 'Real awaitly fixtures written by test-fixtures/generate.mjs (npm run fixtures). Do not edit by hand.',
  awaitlyVersion: version,
  legend: {
    kind: '"WorkflowSnapshot" (written by durable.run through a SnapshotStore), "SerializedResumeState" (serializeResumeState output), "other" (not awaitly data)',
    derived: 'true = made in generate.mjs from a real snapshot by the mutation in source.mutation; false = exactly what awaitly wrote',
    awaitly: 'what awaitly 1.35.0 says about the file as written: validateSnapshot / looksLikeWorkflowSnapshot from awaitly/persistence, or isSerializedResumeState / deserializeResumeState from awaitly/workflow',
    observed: 'extra facts checked while generating (store ops, calls on resume, errors)',
  },
  files: manifestSnapshots,
  exampleWorkspace: {
    dir: relative(repoRoot, WS_SNAP_DIR),
    files: manifestWorkspace,
  },
};
writeFileSync(join(SNAP_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// every file in each folder is listed, and nothing more
const listed = (dir, list, extra = []) => {
  const onDisk = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  const inManifest = [...list.map((e) => e.file), ...extra].sort();
  expect(sameList(onDisk, inManifest), `manifest matches ${relative(repoRoot, dir)}`, { onDisk, inManifest });
};
listed(SNAP_DIR, manifestSnapshots, ['manifest.json']);
listed(WS_SNAP_DIR, manifestWorkspace);

for (const e of [...manifestSnapshots, ...manifestWorkspace]) {
  const a = e.awaitly;
  const verdict = a.validateSnapshot ? `validateSnapshot.valid=${a.validateSnapshot.valid}` : `deserializeResumeState.accepted=${a.deserializeResumeState.accepted}`;
  console.log(`${e.file.padEnd(34)} ${verdict}`);
}
const elapsed = Date.now() - started;
console.log(`wrote ${manifestSnapshots.length} + ${manifestWorkspace.length} fixtures and manifest.json in ${elapsed} ms`);
expect(elapsed < 20000, 'generation should take under 20 s', elapsed);
