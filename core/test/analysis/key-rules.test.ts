// The predicted cache key / recorded key / restore mode of every step form, checked against real awaitly@1.35.0
// runs: record with runWithState, resume from that state, and see which step functions ran again.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFixture, FIXTURES, keyOf, workflow } from './helper';

interface Observed {
  recorded: string[];
  hitsOnResume: string[];
  ranOnResume: Set<string>;
}

async function observe(): Promise<Observed> {
  // tsx/cjs compiles the fixture on require (a dynamic import would bypass it).
  const mod = require(path.join(FIXTURES, 'keys/all-forms.ts'));
  const reset = () => { for (const k of Object.keys(mod.calls)) delete mod.calls[k]; };
  reset();
  const first = await mod.runForms();
  assert.equal(first.result.ok, true, JSON.stringify(first.result));
  const recorded = [...first.resumeState.steps.keys()] as string[];
  reset();
  const hitsOnResume: string[] = [];
  const second = await mod.runForms({
    resumeState: first.resumeState,
    onEvent: (e: { type: string; stepKey?: string }) => { if (e.type === 'step_cache_hit') hitsOnResume.push(e.stepKey!); },
  });
  assert.equal(second.result.ok, true);
  return { recorded, hitsOnResume, ranOnResume: new Set(Object.keys(mod.calls)) };
}

describe('analysis: cache keys per step kind (verified against awaitly 1.35.0)', () => {
  const result = analyzeFixture('keys');
  const wf = workflow(result, 'forms');
  let observed: Observed;
  before(async () => { observed = await observe(); });

  it('predicts the documented keys for each form', () => {
    const table = Object.fromEntries(wf.steps.map((s) => [s.kind === 'bound' ? keyOf(s)! : s.id!.value!, [keyOf(s) ?? null, s.recordedKey?.value ?? null, s.restore]]));
    assert.deepEqual(table, {
      s1: ['s1', 's1', 'restored'],
      s2: ['k2', 'k2', 'restored'],
      s3: [null, 's3', 'recorded-only'],
      s4: [null, null, 'not-recorded'],
      t1: ['t1', 't1', 'restored'],
      t2: ['t2', 't2', 'restored'],
      fr: ['fr', 'fr', 'restored'],
      r1: [null, 'r1', 'recorded-only'],
      r2: ['rk', 'rk', 'restored'],
      to1: [null, 'to1', 'recorded-only'],
      to2: ['tok', 'tok', 'restored'],
      sl1: [null, 'sl1', 'recorded-only'],
      sl2: ['slk', 'slk', 'restored'],
      al1: [null, 'al1', 'recorded-only'],
      al2: ['alk', 'alk', 'restored'],
      mp1: [null, 'mp1', 'recorded-only'],
      mp2: ['mpk', 'mpk', 'restored'],
      rc: [null, null, 'not-recorded'],
      wf: ['wf', 'wf', 'restored'],
      fb: ['fb', 'fb', 'restored'],
      wr: [null, 'wr', 'recorded-only'],
      fetchUser: ['fetchUser', 'fetchUser', 'restored'],
      'fetchUser#2': ['fetchUser#2', 'fetchUser#2', 'restored'],
    });
  });

  it('recorded keys are exactly the keys awaitly wrote to the resume state', () => {
    const predicted = new Set(wf.steps.flatMap((s) => (s.recordedKey?.value ? [s.recordedKey.value] : [])));
    assert.deepEqual(new Set(observed.recorded), predicted);
  });

  it('restored steps hit the cache and do not run on resume; the others run again', () => {
    for (const s of wf.steps) {
      const label = s.kind === 'bound' ? (s.key!.value === 'fetchUser' ? 'bound:a' : 'bound:b') : s.id!.value!;
      if (s.kind === 'sleep') {
        assert.equal(observed.hitsOnResume.includes(keyOf(s) ?? `#${label}`), s.restore === 'restored', label);
        continue;
      }
      assert.equal(observed.ranOnResume.has(label), s.restore !== 'restored', `${label}: predicted ${s.restore}`);
      if (s.restore === 'restored') assert.ok(observed.hitsOnResume.includes(keyOf(s)!), `${label} cache hit`);
    }
  });

  it('reports the semantics it applied', () => {
    assert.equal(result.semantics.line, '1.35');
    assert.equal(result.semantics.version, '1.35.0');
  });
});
