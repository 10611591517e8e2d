// Every way a 4.x workflow is started (test-fixtures/workflows-4x/entries, whose awaitly is 4.5.1): what the
// analysis finds for each entry, checked against what awaitly 4.5.1 does when the same fixture runs (calls counted,
// resumes from real resume states); the forms 4.5.1 fails on, run and then reported with their own codes; entries
// recognised but not analysed; files with step calls no workflow reaches.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type Finding, type ProjectAnalysis, type WorkflowInfo } from '../../src/analysis';
import { ENTRIES } from '../../src/semantics';

const DIR = path.resolve(__dirname, '../../../test-fixtures/workflows-4x/entries');
/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are loaded at run time (tsx), outside the type-checked program */
const load = (name: string): any => require(path.join(DIR, name));
const calls = (): string[] => load('deps.ts').calls;
const aw4 = require(path.join(DIR, '..', 'node_modules', 'awaitly')) as typeof import('awaitly-4');

type R = { ok: boolean; value?: any; error?: any };

describe('analysis: awaitly 4.x entries (run against awaitly 4.5.1)', () => {
  let analysis: ProjectAnalysis;
  const inFile = (file: string) => analysis.workflows.filter((w) => path.basename(w.file) === file);
  const wf = (file: string, invocation: string, nth = 0): WorkflowInfo => {
    const w = inFile(file).filter((x) => x.invocation === invocation)[nth];
    if (!w) throw new Error(`no ${invocation} workflow in ${file}: ${inFile(file).map((x) => x.invocation).join(', ')}`);
    return w;
  };
  const row = (w: WorkflowInfo) => [w.id.split('#')[1], w.entry, w.invocation, w.restores, w.steps.map((s) => `${s.kind}:${s.key?.value ?? s.key?.pattern ?? '-'}:${s.restore}`)];
  const codesIn = (file: string): string[] => analysis.findings.filter((f) => path.basename(f.file) === file).map((f) => `${f.code}@${f.range.start.line}:${f.range.start.column}`);
  const finding = (code: string, file: string): Finding => {
    const f = analysis.findings.find((x) => x.code === code && path.basename(x.file) === file);
    if (!f) throw new Error(`no ${code} in ${file}: ${codesIn(file).join(', ')}`);
    return f;
  };
  const reset = () => { calls().length = 0; };
  const resumeFrom = (key: string, value: unknown) => ({ steps: new Map([[key, { result: aw4.ok(value) }]]) });

  before(function () {
    this.timeout(120000);
    analysis = createAnalysisProject({ rootDir: DIR, includeResultTypes: false }).analyzeProject();
    assert.deepEqual([analysis.semantics.line, analysis.semantics.version], ['4.x', '4.5.1']);
  });

  it('core run(fn), run(fn, { cache, resumeState }), run.strict and run(deps, fn): found, and nothing restored — 4.5.1 runs the step again with a cache and a resumeState', async () => {
    assert.deepEqual(inFile('core-run.ts').map(row), [
      ['run@6', 'run', 'run', false, ['step:loadUser:not-recorded']],
      ['run@11', 'run', 'run', false, ['step:loadUser:not-recorded']],
      ['run@15', 'run', 'run.strict', false, ['step:charge:not-recorded']],
      ['run-deps@19', 'run-deps', 'run', false, ['bound:loadUser:not-recorded', 'step:wrap:not-recorded']],
    ]);
    assert.match(wf('core-run.ts', 'run', 1).notes.join('\n'), /core run\(\) has no step cache; awaitly ignores cache and resumeState/);
    const mod = load('core-run.ts');
    reset();
    const cached = new Map([['loadUser', { result: aw4.ok({ id: 'cached' }) }]]);
    const r: R = await mod.runWithIgnoredCache('u1', cached, { steps: cached });
    assert.deepEqual([r.ok, r.value, calls()], [true, { id: 'u1' }, ['loadUser:u1']]);
    reset();
    assert.deepEqual(await mod.strictRun(5), { ok: true, value: { receipt: 'r-5' } });
    assert.deepEqual((await mod.depsRun('d')).value, 'd');
    assert.deepEqual(calls(), ['charge:5', 'loadUser:d']);
  });

  it('createWorkflow named and unnamed (labelled from the variable), withDeps(wf, …) and wf.withDeps(…): found, and restored — 4.5.1 skips each resumed step', async () => {
    assert.deepEqual(inFile('workflow-forms.ts').map(row), [
      ['checkout', 'createWorkflow', 'run', true, ['step:loadUser:restored', 'step:charge:restored']],
      ['unnamed', 'createWorkflow', 'run', true, ['step:loadUser:restored']],
      ['checkout~2', 'createWorkflow', 'run', true, ['step:loadUser:restored']],
      ['checkout~3', 'createWorkflow', 'runWithState', true, ['bound:loadUser:restored']],
    ]);
    assert.equal(wf('workflow-forms.ts', 'run', 1).name, undefined);
    const mod = load('workflow-forms.ts');
    reset();
    const runs: R[] = [
      await mod.runNamed('a', resumeFrom('loadUser', { id: 'saved' })),
      await mod.runUnnamed('b', resumeFrom('loadUser', { id: 'saved' })),
      await mod.runWithDepsFunction('c', resumeFrom('loadUser', { id: 'saved' })),
      (await mod.runWithDepsMethod('d', resumeFrom('loadUser', { id: 'saved' }))).result,
    ];
    assert.deepEqual(runs.map((r) => r.value), [{ receipt: 'r-5' }, { id: 'saved' }, { id: 'saved' }, { id: 'saved' }]);
    assert.deepEqual(calls(), ['charge:5'], 'only the step missing from the resume state ran');
  });

  it('durable.run, createSagaWorkflow and runSaga (awaitly/durable): durable and saga workflows restore, runSaga has no cache', async () => {
    assert.deepEqual(inFile('durable-run.ts').map(row), [['durable-checkout', 'durable.run', 'durable.run', true, ['step:loadUser:restored', 'step:charge:restored']]]);
    assert.deepEqual(inFile('saga.ts').map(row), [
      ['refunds', 'createSagaWorkflow', 'run', true, ['step:charge:restored']],
      ['runSaga@13', 'runSaga', 'runSaga', false, ['step:charge:not-recorded']],
    ]);
    const saga = load('saga.ts');
    reset();
    assert.deepEqual((await saga.runRefund(3, resumeFrom('charge', { receipt: 'saved' }))).value, { receipt: 'saved' });
    assert.deepEqual((await saga.runPlainSaga(4)).value, { receipt: 'r-4' });
    assert.deepEqual(calls(), ['charge:4']);
    reset();
    assert.deepEqual((await load('durable-run.ts').runDurable('dd')).value, { receipt: 'r-2' });
    assert.deepEqual(calls(), ['loadUser:dd', 'charge:2']);
  });

  it('the testing harness (scripted, step(fn, name) allowed, nothing runs) and testWorkflow (no cache); the saga harness is reported as not analysed', async () => {
    assert.deepEqual(inFile('testing.ts').map(row), [
      ['harness', 'harness', 'run', false, ['step:loadUser:not-recorded', 'step:-:not-recorded']],
      ['harness~2', 'harness', 'runWithInput', false, ['step:loadUser:not-recorded']],
      ['testWorkflow@24', 'testWorkflow', 'testWorkflow', false, ['step:loadUser:not-recorded', 'step:loadUser:not-recorded']],
    ]);
    assert.ok(!codesIn('testing.ts').some((c) => c.startsWith('step-id-missing')), 'MockStep takes step(fn, name)');
    assert.equal(ENTRIES.harness.stepIdRequired, false);
    const mod = load('testing.ts');
    reset();
    const h = await mod.harnessRun();
    assert.deepEqual([h.result.ok, h.result.value, h.invocations.map((i: { name?: string }) => i.name)], [true, { id: 'scripted' }, ['loadUser', 'charge']]);
    assert.deepEqual((await mod.harnessWithInput()).value, { id: 'scripted' });
    assert.deepEqual(calls(), [], 'the harness runs no operation');
    const t = await mod.realDeps('t');
    assert.deepEqual(calls(), ['loadUser:t', 'loadUser:t'], 'testWorkflow has no cache: the repeated id runs twice');
    assert.equal(t.result.ok, true);
    const seen = finding('entry-not-analysed', 'testing.ts');
    assert.deepEqual([seen.range.start.line, seen.message], [33, 'harness.runSaga(…) starts a workflow, but its steps are not analysed: the saga harness passes { saga, deps } and its steps are saga.step calls, which are not followed yet.']);
  });

  it('webhook and event handlers: the callback\'s steps under the workflow\'s name — 4.5.1 runs them through workflow.run', async () => {
    assert.deepEqual(inFile('webhooks.ts').map(row), [
      ['checkout-hook', 'webhook', 'createWebhookHandler', true, ['step:loadUser:restored']],
      ['checkout-hook~2', 'webhook', 'createEventHandler', true, ['step:charge:restored']],
    ]);
    const mod = load('webhooks.ts');
    reset();
    const response = await mod.handler({ method: 'POST', path: '/', headers: {}, body: { id: 'w1' }, query: {}, params: {} });
    const event = await mod.events({ id: 'e', type: 't', payload: { amount: 7 }, timestamp: 1 });
    assert.deepEqual([response.status, event.success, calls()], [200, true, ['loadUser:w1', 'charge:7']]);
  });

  it('the HITL orchestrator\'s execute and resume: restored — 4.5.1 resumes a paused run without running the finished step again', async () => {
    assert.deepEqual(inFile('hitl.ts').map(row), [
      ['refund-approval', 'hitl', 'execute', true, ['step:loadUser:restored', 'step:approval:${…}:restored']],
      ['refund-approval~2', 'hitl', 'resume', true, ['step:loadUser:restored', 'step:approval:${…}:restored']],
    ]);
    const mod = load('hitl.ts');
    reset();
    const paused = await mod.startRefund('h1');
    assert.equal(paused.status, 'paused');
    await mod.approve('h1');
    const done = await mod.resumeRefund(paused.runId, 'h1');
    assert.deepEqual([done.status, done.result?.value], ['resumed', { by: 'manager' }]);
    assert.deepEqual(calls(), ['loadUser:h1', 'requireApproval:h1'], 'neither step ran again: both restored on resume');
  });

  it('an entry whose callback cannot be seen is reported as entry-not-analysed', () => {
    assert.deepEqual(inFile('not-analysed.ts'), []);
    assert.deepEqual(codesIn('not-analysed.ts'), ['entry-not-analysed@8:10']);
    const given = finding('entry-not-analysed', 'not-analysed.ts');
    assert.deepEqual([given.severity, given.message], ['info', 'durable.run(…) starts a workflow, but its steps are not analysed: its callback is not a function the analysis can see (a parameter, or a value computed at run time).']);
  });

  it('createEngine: each registered fn is a durable workflow named by its key — 4.5.1 checkpoints it under the job id and does not retry a failed job', async () => {
    assert.deepEqual(inFile('engine.ts').map(row), [['nightly', 'durable.run', 'createEngine', true, ['step:loadUser:restored', 'step:charge:restored']]]);
    assert.match(inFile('engine.ts')[0]!.notes.join('\n'), /^createEngine runs it through durable\.run under the job id/);
    const saved = new Map<string, any>();
    const store = {
      save: async (id: string, s: unknown) => void saved.set(id, JSON.parse(JSON.stringify(s))),
      load: async (id: string) => saved.get(id) ?? null,
      delete: async (id: string) => void saved.delete(id),
      list: async () => [...saved.keys()].map((id) => ({ id, updatedAt: new Date().toISOString() })),
      close: async () => undefined,
    };
    const engine = load('engine.ts').engine(store);
    const job: string = await engine.enqueue('nightly');
    reset();
    await engine.tick();
    assert.match(job, /^nightly:[0-9a-f-]{36}$/);
    assert.deepEqual([calls(), Object.keys(saved.get(job).steps)], [['loadUser:n', 'charge:-1'], ['loadUser', 'charge']], 'checkpointed under the step keys the analysis predicts; charge(-1) failed');
    await engine.tick();
    assert.deepEqual(calls(), ['loadUser:n', 'charge:-1'], 'the engine did not run the failed job again');
  });

  describe('forms 4.5.1 fails on', () => {
    it('step(() => op(), { key }): the run fails with "step() requires a string ID"; reported as step-id-missing, not read by position', async () => {
      reset();
      const r: R = await load('failing-forms.ts').stepWithoutId('s');
      assert.equal(r.ok, false);
      assert.match(String(r.error?.cause?.message), /^\[awaitly\] step\(\) requires a string ID as the first argument/);
      assert.deepEqual(calls(), ['loadUser:s'], 'the step before ran, the misformed one never did');
      const w = wf('failing-forms.ts', 'run', 0);
      const bad = w.steps[1]!;
      assert.deepEqual([bad.id, bad.key, bad.restore, bad.operation.form, bad.idMissing], [undefined, undefined, 'not-recorded', 'unknown', { suggestedId: "'user:again'" }]);
      const f = finding('step-id-missing', 'failing-forms.ts');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, 'step() is given `() => d.loadUser(`${id}-again`)` where the step id goes (the pre-4 form step(fn, { key })). In awaitly 4.5.1, the run fails with UnexpectedError "[awaitly] step() requires a string ID as the first argument". Pass the id first: step(\'id\', () => …, options).');
      assert.deepEqual([f.range.start.line, f.range.start.column, f.related?.[0]?.range.start.column], [12, 12, 17]);
      // No immediate-step-execution reading the options object as "the operation", no dynamic key from the function.
      assert.deepEqual(codesIn('failing-forms.ts').filter((c) => c.startsWith('immediate') || c.startsWith('dynamic')), []);
    });

    it('the quick fix data inserts the literal key as the id, and the fixed call runs in 4.5.1', async () => {
      const f = finding('step-id-missing', 'failing-forms.ts');
      const text = require('node:fs').readFileSync(path.join(DIR, 'failing-forms.ts'), 'utf8') as string;
      const data = f.data as { insert: string; offset: number };
      const fixed = text.slice(0, data.offset) + data.insert + text.slice(data.offset);
      assert.match(fixed, /return step\('user:again', \(\) => d\.loadUser\(`\$\{id\}-again`\), \{ key: 'user:again' \}\);/);
      const { legacy } = load('failing-forms.ts');
      reset();
      const r: R = await legacy.run(async ({ step, deps: d }: any) => step('user:again', () => d.loadUser('x'), { key: 'user:again' }));
      assert.deepEqual([r.ok, calls()], [true, ['loadUser:x']]);
    });

    it('wf.run(async (step, deps) => …): "step is not a function"; reported as positional-workflow-callback with the steps still listed', async () => {
      const r: R = await load('failing-forms.ts').positionalCallback('p');
      assert.equal(String(r.error?.cause?.message), 'step is not a function');
      const f = finding('positional-workflow-callback', 'failing-forms.ts');
      assert.deepEqual([f.severity, f.range.start.line, f.range.start.column], ['error', 18, 28]);
      assert.equal(f.message, 'legacy.run(…) calls its callback with one context object { step, steps, deps, ctx }, not (step, deps): `step` is that object. Destructure it: async ({ step, deps }) => …. In awaitly 4.5.1, the run fails with UnexpectedError "step is not a function".');
      assert.deepEqual(row(wf('failing-forms.ts', 'run', 1)), ['legacy~2', 'createWorkflow', 'run', true, ['step:loadUser:restored']]);
    });

    it('wf(async …): TypeError "legacy is not a function"; reported as callable-workflow', async () => {
      await assert.rejects(async () => load('failing-forms.ts').callableForm('c'), { name: 'TypeError', message: /is not a function/ });
      const f = finding('callable-workflow', 'failing-forms.ts');
      assert.deepEqual([f.severity, f.range.start.line, f.range.start.column], ['error', 23, 10]);
      assert.match(f.message, /^legacy\(…\) calls the workflow object, a plain \{ run, runWithState, withDeps \}: write legacy\.run\(async \(\{ step, deps \}\) => …\)\. In awaitly 4\.5\.1, the workflow object is not callable/);
    });

    it('core run(name, fn): the string is taken as deps, "step is not a function"; reported as positional-workflow-callback', async () => {
      const r: R = await load('failing-forms.ts').runWithName('n');
      assert.equal(String(r.error?.cause?.message), 'step is not a function');
      const f = analysis.findings.filter((x) => x.code === 'positional-workflow-callback' && path.basename(x.file) === 'failing-forms.ts')[1]!;
      assert.deepEqual([f.range.start.line, f.range.start.column], [28, 14]);
      assert.match(f.message, /^run\(name, fn\) is not a form of core run\(\): awaitly takes the string as deps .* Write run\(fn, \{ workflowName: 'named-run' \}\)\./);
    });

    it('step.parallel (anywhere) and step.fromNullable in a createWorkflow run throw TypeError; reported as missing-step-method, not as unrestored steps; fromNullable in core run() works', async () => {
      const mod = load('missing-methods.ts');
      const p: R = await mod.parallel('x');
      const n: R = await mod.nullableInWorkflow('x');
      assert.deepEqual([p.error?.cause?.name, p.error?.cause?.message], ['TypeError', 'step.parallel is not a function']);
      assert.deepEqual([n.error?.cause?.name, n.error?.cause?.message], ['TypeError', 'step.fromNullable is not a function']);
      assert.deepEqual(await mod.nullableInRun('x'), { ok: true, value: { id: 'x' } });
      assert.deepEqual(codesIn('missing-methods.ts'), ['missing-step-method@10:48', 'missing-step-method@14:39']);
      assert.equal(finding('missing-step-method', 'missing-methods.ts').message, 'step.parallel is not a method of the step awaitly passes here: in awaitly 4.5.1, the call throws TypeError "step.parallel is not a function" and the run ends with UnexpectedError. Use step.all(id, { a: () => …, b: () => … })');
      assert.deepEqual(inFile('missing-methods.ts').map(row)[0], ['both', 'createWorkflow', 'run', true, ['parallel:-:not-recorded']]);
    });

    it('reports exactly these codes in the failing-forms fixture', () => {
      assert.deepEqual(codesIn('failing-forms.ts'), ['step-id-missing@12:12', 'positional-workflow-callback@18:28', 'callable-workflow@23:10', 'positional-workflow-callback@28:14']);
    });
  });
});
