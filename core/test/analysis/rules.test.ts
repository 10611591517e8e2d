// Each analysis rule on test-fixtures/workflows/rules: what is reported (and what is not), the quick-fix data,
// and the awaitly@1.35.0 run-time behaviour the rule warns about, observed by running the fixture.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding } from '../../src/analysis';
import { analyzeFixture, FIXTURES } from './helper';

const load = (name: string) => require(path.join(FIXTURES, 'rules', name));
const counter = load('counter.ts') as { calls: Record<string, number>; resetCalls(): void };

function found(code: string, file: string): Finding[] {
  return analyzeFixture('rules').findings.filter((f) => f.code === code && f.file.endsWith(`/${file}`));
}
const lines = (fs: Finding[]) => fs.map((f) => f.range.start.line);

/** Runs once to record, then resumes from the recorded state; returns both results and what ran on resume. */
async function recordAndResume<T>(run: (state?: unknown) => Promise<{ result: { ok: boolean; value?: T }; resumeState: unknown }>) {
  counter.resetCalls();
  const first = await run();
  const firstCalls = { ...counter.calls };
  counter.resetCalls();
  const second = await run(first.resumeState);
  return { first: first.result, second: second.result, firstCalls, resumeCalls: { ...counter.calls } };
}

describe('analysis rules', () => {
  describe('duplicate-step-id', () => {
    it('reports the second load, not the if/else arms; distinct keys are info', () => {
      const fs = found('duplicate-step-id', 'duplicate-ids.ts');
      assert.deepEqual(fs.map((f) => [f.range.start.line, f.severity]), [[12, 'warning'], [16, 'info']]);
      assert.equal(fs[0]!.related?.[0]?.range.start.line, 11);
      assert.equal(fs[0]!.data?.suggestedId, 'load-2');
    });
    it('awaitly: on resume both steps return the last recorded value and neither runs', async () => {
      const { runDup } = load('duplicate-ids.ts');
      const r = await recordAndResume((s) => runDup(true, s));
      assert.deepEqual(r.first.value, { x: 'first-value', y: 'second-value' });
      assert.deepEqual(r.second.value, { x: 'second-value', y: 'second-value' });
      assert.equal(r.resumeCalls['load-1'], undefined);
      assert.equal(r.resumeCalls['load-2'], undefined);
    });
  });

  describe('colliding-step-keys', () => {
    it('reports key equal to an id, overlapping templates and bound-vs-id; not disjoint prefixes', () => {
      const fs = found('colliding-step-keys', 'colliding.ts');
      assert.deepEqual(lines(fs), [14, 16, 19]);
      assert.deepEqual(fs.map((f) => f.related?.[0]?.range.start.line), [13, 15, 18]);
      assert.equal(fs[0]!.data?.otherKey, 'profile');
    });
    it('awaitly: the colliding step is served the shared cache entry on resume', async () => {
      const { runCollide } = load('colliding.ts');
      const r = await recordAndResume((s) => runCollide('1', '2', s));
      assert.deepEqual(r.first.value, { profile: 'profile-value', avatar: 'avatar-value' });
      assert.deepEqual(r.second.value, { profile: 'avatar-value', avatar: 'avatar-value' });
      assert.equal(r.resumeCalls.profile, undefined);
    });
  });

  describe('unstable-step-key', () => {
    it('reports Date.now(), randomUUID() through a variable and Math.random() in an id; not new Date(input)', () => {
      const fs = found('unstable-step-key', 'unstable.ts');
      assert.deepEqual(lines(fs), [12, 14, 15]);
      assert.deepEqual(fs.map((f) => f.data?.unstable), [['Date.now()'], ['randomUUID()'], ['Math.random()']]);
      assert.equal(fs[1]!.related?.[0]?.range.start.line, 13);
    });
    it('awaitly: a resume never finds the saved result, so the step runs again', async () => {
      const { runUnstable } = load('unstable.ts');
      const r = await recordAndResume((s) => runUnstable({ at: '2024-01-02T00:00:00Z' }, s));
      assert.equal(r.resumeCalls.request, 1);
    });
  });

  describe('loop-invariant-step-key', () => {
    it('reports the literal keys in for-of and .map; not loop-variable keys, counters or bound steps', () => {
      const fs = found('loop-invariant-step-key', 'loops.ts');
      assert.deepEqual(lines(fs), [15, 17]);
      assert.equal(fs[0]!.data?.suggestedKey, '`process:${item}`');
      assert.equal(fs[0]!.related?.[0]?.range.start.line, 14);
    });
    it('awaitly: on resume every iteration gets the last recorded value', async () => {
      const { runLoops } = load('loops.ts');
      const r = await recordAndResume((s) => runLoops([{ id: 'a' }, { id: 'b' }], s));
      assert.deepEqual(r.first.value, ['processed-a', 'processed-b']);
      assert.deepEqual(r.second.value, ['processed-b', 'processed-b']);
      assert.equal(r.resumeCalls['process:a'], undefined);
      assert.equal(r.resumeCalls['charge:a'], undefined, 'bound steps are suffixed, so they restore per item');
    });
  });

  describe('immediate-step-execution', () => {
    it('reports the started call; not a function reference or a factory returning a function', () => {
      const fs = found('immediate-step-execution', 'immediate.ts');
      assert.deepEqual(lines(fs), [16]);
      assert.equal(fs[0]!.data?.replacement, '() => deps.sendInvoice(id)');
    });
    it('awaitly: accepts the promise, and the work runs again on resume although the step is cached', async () => {
      const { runImmediate } = load('immediate.ts');
      const r = await recordAndResume((s) => runImmediate('7', s));
      assert.equal(r.first.ok, true);
      assert.equal((r.second.value as { sent: string }).sent, 'sent-7');
      assert.equal(r.resumeCalls['sendInvoice:7'], 1);
      assert.equal(r.resumeCalls['sendInvoice:7-ref'], undefined);
    });
  });

  describe('unrestored-step', () => {
    it('reports keyless retry, withResource and key: undefined; not retry with a key', () => {
      const fs = found('unrestored-step', 'unrestored.ts');
      assert.deepEqual(lines(fs), [10, 12, 13]);
      assert.deepEqual(fs.map((f) => f.data?.suggestedKey ?? null), ['charge', null, 'noCache']);
    });
    it('awaitly: those steps are in the resume state but run again on resume', async () => {
      const { runUnrestored } = load('unrestored.ts');
      counter.resetCalls();
      const first = await runUnrestored();
      assert.deepEqual([...first.resumeState.steps.keys()].sort(), ['charge', 'charge:keyed', 'conn', 'noCache']);
      const r = await recordAndResume((s) => runUnrestored(s));
      assert.deepEqual(r.resumeCalls, { charge: 1, conn: 1, noCache: 1 });
    });
  });

  describe('dynamic-step-key', () => {
    it('reports an id known only at run time, as info; not a template with a prefix', () => {
      const fs = found('dynamic-step-key', 'dynamic.ts');
      assert.deepEqual(fs.map((f) => [f.range.start.line, f.severity]), [[9, 'info']]);
    });
  });

  it('reports nothing else on the rule fixtures', () => {
    const codes = new Set(analyzeFixture('rules').findings.map((f) => `${f.code}@${path.basename(f.file)}`));
    assert.deepEqual([...codes].sort(), [
      'colliding-step-keys@colliding.ts', 'duplicate-step-id@duplicate-ids.ts', 'dynamic-step-key@dynamic.ts',
      'immediate-step-execution@immediate.ts', 'loop-invariant-step-key@loops.ts', 'unrestored-step@unrestored.ts',
      'unstable-step-key@unstable.ts',
    ]);
  });

  it('reports nothing on the discovery fixtures except the keyless retry and the callable form (a TypeError in awaitly)', () => {
    const fs = analyzeFixture('discovery').findings;
    assert.deepEqual(fs.map((f) => `${f.code}@${path.basename(f.file)}:${f.range.start.line}`), ['callable-workflow@callable.ts:10', 'unrestored-step@checkout.ts:12']);
  });
});
