// Keys that reach a step through variables, shorthand properties and helper parameters; step methods taken out
// of `step`; inner loops; options the analysis cannot see into; keys that change in every run; pure Result
// operations. Each claim is checked on both awaitly lines by running the twin fixtures (1.35.0 in
// test-fixtures/workflows/dataflow, 4.5.1 in test-fixtures/workflows-4x/keys): record, resume, count the calls.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type Finding, type ProjectAnalysis, type StepInfo, type WorkflowInfo } from '../../src/analysis';
import { canProduce } from '../../src/analysis/patterns';

const ROOT = path.resolve(__dirname, '../../../test-fixtures');

interface Line {
  name: string;
  version: string;
  dir: string;
  /** serializeResumeState of that line. */
  serialize: (s: unknown) => unknown;
}

const LINES: Line[] = [
  { name: '1.35', version: '1.35.0', dir: path.join(ROOT, 'workflows/dataflow'), serialize: require('awaitly/workflow').serializeResumeState },
  { name: '4.x', version: '4.5.1', dir: path.join(ROOT, 'workflows-4x/keys'), serialize: require('awaitly-4').serializeResumeState },
];

type Run = { result: { ok: boolean; value?: unknown; error?: unknown }; resumeState: { steps: Map<string, unknown> } };

for (const line of LINES) {
  describe(`analysis: keys through data flow, opaque options, unstable keys, pure operations (awaitly ${line.version})`, () => {
    let analysis: ProjectAnalysis;
    const load = (name: string) => require(path.join(line.dir, name));
    const counter = () => load('counter.ts') as { calls: Record<string, number>; resetCalls(): void };
    const wf = (label: string, nth = 0): WorkflowInfo => analysis.workflows.filter((w) => w.label === label)[nth]!;
    const step = (w: WorkflowInfo, id: string, nth = 0): StepInfo => w.steps.filter((s) => (s.id?.value ?? s.method) === id)[nth]!;
    const findings = (code: string, w: WorkflowInfo): Finding[] => analysis.findings.filter((f) => f.code === code && f.workflow === w.id);
    const keyOf = (s: StepInfo) => s.key?.value ?? s.key?.pattern ?? (s.key ? `<${s.key.form}>` : null);

    /** Runs once, resumes from the recorded state; returns both results, the recorded keys and what ran on resume. */
    async function recordAndResume(run: (resumeState?: unknown) => Promise<Run>) {
      counter().resetCalls();
      const first = await run();
      const recorded = [...first.resumeState.steps.keys()];
      counter().resetCalls();
      const second = await run(first.resumeState);
      return { first: first.result, second: second.result, recorded, ran: { ...counter().calls } };
    }

    before(() => {
      analysis = createAnalysisProject({ rootDir: line.dir }).analyzeProject();
      assert.equal(analysis.semantics.version, line.version);
    });

    it('follows keys through an options variable, a shorthand property and helper parameters; step methods and bound steps taken out by assignment or destructuring', async () => {
      const flow = wf('flow');
      assert.deepEqual(flow.steps.map((s) => [s.kind, s.method, keyOf(s), s.restore]), [
        ['step', 'step', 'opts:${…}', 'restored'],
        ['step', 'step', 'short:${…}', 'restored'],
        ['step', 'step', 'card:${…}', 'restored'],
        ['step', 'step', 'wallet:${…}', 'restored'],
        ['retry', 'retry', 'retried:${…}', 'restored'],
        ['sleep', 'sleep', 'nap', 'restored'],
        ['bound', 'getUser', 'getUser', 'restored'],
      ]);
      assert.deepEqual(findings('dynamic-step-key', flow), []);
      assert.deepEqual(findings('colliding-step-keys', flow), []);
      // One helper, two keys: the shared id is only an info, and saved state keeps both (recorded below).
      const dup = findings('duplicate-step-id', flow);
      assert.deepEqual(dup.map((f) => f.severity), ['info']);
      assert.match(dup[0]!.message, /their cache keys differ, so saved state keeps both/);

      const r = await recordAndResume((s) => load('flow.ts').runFlow('o1', s));
      assert.equal(r.first.ok, true, JSON.stringify(r.first));
      // Every recorded key is produced by exactly the step predicted for it, in order.
      assert.deepEqual(r.recorded, ['opts:o1', 'short:o1', 'card:o1', 'wallet:o1', 'retried:o1', 'nap', 'getUser']);
      r.recorded.forEach((k, i) => assert.deepEqual(flow.steps.filter((s) => canProduce(s.key!, k)).map((s) => s.index), [i], k));
      // All restored, as predicted: nothing runs again.
      assert.deepEqual(r.ran, {});
      assert.deepEqual(r.second.value, r.first.value);
    });

    it('a helper called twice with one key: colliding-step-keys, and awaitly serves the second call the shared entry', async () => {
      const collide = wf('collide');
      assert.deepEqual(collide.steps.map(keyOf), ['same', 'same']);
      const fs = findings('colliding-step-keys', collide);
      assert.equal(fs.length, 1);
      assert.equal(fs[0]!.data?.key, 'same');
      const r = await recordAndResume((s) => load('flow.ts').runCollide(s));
      assert.deepEqual(r.first.value, ['charged-same#1', 'charged-same#2']);
      assert.deepEqual(r.second.value, ['charged-same#2', 'charged-same#2']);
      assert.deepEqual(r.ran, {});
    });

    it('loop-invariant-step-key fires for an inner loop whose key varies only with the outer loop, not for the outer loop', async () => {
      const nested = wf('nested');
      const fs = findings('loop-invariant-step-key', nested);
      assert.deepEqual(fs.map((f) => f.range.start.line), [step(nested, 'line').key!.range.start.line]);
      assert.match(fs[0]!.message, /changes only with an enclosing loop/);
      assert.equal(fs[0]!.related?.[0]?.message, 'enclosing for-of loop');
      assert.equal(fs[0]!.data?.suggestedKey, '`line:${order.id}:${line}`');
      assert.equal(step(nested, 'order').keyLoopInvariant, false);
      const orders = [{ id: 'A', lines: ['1', '2'] }, { id: 'B', lines: ['3'] }];
      const r = await recordAndResume((s) => load('loops.ts').runNested(orders, s));
      assert.deepEqual(r.first.value, ['A/1', 'A/2', 'A', 'B/3', 'B']);
      // On resume every line of order A gets the one saved entry `line:A` (the last written).
      assert.deepEqual(r.second.value, ['A/2', 'A/2', 'A', 'B/3', 'B']);
      assert.deepEqual(r.ran, {});
    });

    it('step.forEach item form: steps on the handler\'s own step are recorded but never restored; run form and streamForEach callbacks are loops', async () => {
      const w = wf('perItem');
      const inner = step(w, 'inner');
      assert.equal(inner.restore, 'recorded-only');
      assert.equal(inner.recordedKey?.pattern, 'inner:${…}');
      assert.equal(inner.inStepOrder, false);
      const unrestored = findings('unrestored-step', w);
      assert.deepEqual(unrestored.map((f) => f.range.start.line), [inner.range.start.line]);
      assert.match(unrestored[0]!.message, /item handler's step has no cache\): it runs again on every resume\. Use the run form/);
      assert.equal(unrestored[0]!.data?.suggestedKey, undefined, 'a key would not help: no quick fix');
      const invariant = findings('loop-invariant-step-key', w);
      assert.deepEqual(invariant.map((f) => f.related?.[0]?.message), ['enclosing step.forEach loop', 'enclosing step.streamForEach loop']);
      assert.deepEqual(invariant.map((f) => f.data?.suggestedKey), ['`runInner:${item}`', '`streamed:${item}`']);

      const r = await recordAndResume((s) => load('loops.ts').runPerItem([1, 2], { resumeState: s }));
      assert.ok(r.recorded.includes('inner:1') && r.recorded.includes('inner:2'));
      assert.deepEqual(r.ran, { 'inner:1': 1, 'inner:2': 1 }, 'the item handler\'s steps run again despite their keys');
      assert.deepEqual(r.second.value, [1, 2, 2, 2], 'both run-form iterations get the one saved runInner; the stream items are checkpointed');
      // With a cache, one run already serves every item the first item's value.
      counter().resetCalls();
      const cached = await load('loops.ts').runPerItem([1, 2], { cache: new Map() });
      assert.deepEqual(cached.result.value, [1, 2, 1, 1, 1, 1]);
      assert.deepEqual(counter().calls, { 'inner:1': 1, 'inner:2': 1, 'run:1': 1, 'stream:1': 1 });
    });

    it('step.all without a key: unrestored-step without a key quick fix (its types take no options; the runtime reads one)', async () => {
      const w = wf('grouped');
      const fs = findings('unrestored-step', w);
      assert.deepEqual(fs.map((f) => f.range.start.line), [step(w, 'both').range.start.line]);
      assert.match(fs[0]!.message, /Its types take no options/);
      assert.equal(fs[0]!.data?.suggestedKey, undefined);
      assert.equal(step(w, 'keyedBoth').restore, 'restored');
      const r = await recordAndResume((s) => load('loops.ts').runGrouped(s));
      assert.deepEqual(r.recorded, ['both', 'both:keyed']);
      assert.deepEqual(r.ran, { a: 1, b: 1 }, 'the keyless group runs again; the keyed one (untyped third argument) is restored');
    });

    it('awaitly\'s withPolicy over its own policies: the key is the step options\' (else the id), restored as predicted', async () => {
      const o = wf('opaque');
      assert.deepEqual([keyOf(step(o, 'policed')), keyOf(step(o, 'policedKey'))], ['policed', 'policy:k']);
      const r = await recordAndResume((s) => load('opaque.ts').runOpaque(s));
      assert.ok(r.recorded.includes('policed') && r.recorded.includes('policy:k'));
      assert.equal(r.ran.policed, undefined);
      assert.equal(r.ran.policedKey, undefined);
    });

    it('options built by withPolicy over a policy of ours, or by a spread, are opaque, not dynamic; awaitly caches such a step under its id when they hold no key', async () => {
      const o = wf('opaque');
      for (const id of ['custom', 'spread']) {
        const s = step(o, id);
        assert.equal(s.key?.form, 'opaque', id);
        assert.match(s.keyRule, /not a dynamic key/);
      }
      assert.deepEqual(findings('dynamic-step-key', o), []);
      assert.deepEqual(findings('colliding-step-keys', o), []);
      const r = await recordAndResume((s) => load('opaque.ts').runOpaque(s));
      assert.ok(r.recorded.includes('custom') && r.recorded.includes('spread'));
      assert.equal(r.ran.custom, undefined);
      assert.equal(r.ran.spread, undefined);
    });

    it('a pure Result given as the operation is not immediate-step-execution; awaitly accepts it and restores it', async () => {
      const o = wf('opaque');
      assert.equal(step(o, 'pure').operation.form, 'pure');
      assert.equal(step(o, 'constant').operation.form, 'pure');
      assert.deepEqual(findings('immediate-step-execution', o), []);
      const r = await recordAndResume((s) => load('opaque.ts').runOpaque(s));
      assert.equal(r.first.ok, true);
      assert.deepEqual((r.first.value as unknown[]).slice(4, 6), ['v', 'constant']);
      assert.ok(r.recorded.includes('pure') && r.recorded.includes('constant'));
      assert.deepEqual((r.second.value as unknown[]).slice(4, 6), ['v', 'constant']);
    });

    it('keys from createHook() and from ctx.workflowId of an unnamed run are unstable: a fresh UUID per run, so the resume runs them again', async () => {
      const o = wf('opaque');
      const fs = findings('unstable-step-key', o);
      assert.deepEqual(fs.map((f) => f.data?.unstable), [['createHook()'], ['ctx.workflowId']]);
      const r = await recordAndResume((s) => load('opaque.ts').runOpaque(s));
      assert.deepEqual(r.ran, { hooked: 1, perRun: 1 });
      assert.ok(r.recorded.some((k) => /^hook:[0-9a-f-]{36}$/.test(k)));
      assert.ok(r.recorded.some((k) => /^run:[0-9a-f-]{36}$/.test(k)));
    });

    it('ctx.workflowId of a named run is the name: stable, not reported, and restored', async () => {
      const named = wf('opaque', 1);
      assert.deepEqual(step(named, 'perRun').unstableKeyParts, []);
      assert.deepEqual(findings('unstable-step-key', named), []);
      const r = await recordAndResume((s) => load('opaque.ts').runNamed(s));
      assert.deepEqual(r.recorded, ['run:opaque-fixed']);
      assert.deepEqual(r.ran, {});
    });
  });
}
