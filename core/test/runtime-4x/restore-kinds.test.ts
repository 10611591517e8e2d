// Which step kinds awaitly 4.5.1 restores on resume, and under which keys, checked against the analysis: the fixture
// (test-fixtures/workflows-4x/restore/all-forms.ts) is analysed, then RUN with 4.5.1 twice (record, then resume with
// counted calls), once through createWorkflow's runWithState / run({ resumeState }) and once through durable.run
// resumed from the last snapshot it saved. Mirrors core/test/analysis/key-rules.test.ts (1.35.0).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalysisProject, type StepInfo, type WorkflowInfo } from '../../src/analysis';
import { predictShapeDrift } from '../../src/replay/shape-drift';

const DIR = path.resolve(__dirname, '../../../test-fixtures/workflows-4x/restore');
// tsx/cjs compiles the fixture on require; its `awaitly` is the workspace's 4.5.1.
const mod = require(path.join(DIR, 'all-forms.ts'));
const { durable } = require('awaitly-4/durable');

interface Observed {
  /** Keys the first run wrote (resume state / snapshot steps). */
  recorded: string[];
  /** step_cache_hit keys on resume. */
  hits: string[];
  /** Labels whose function ran again on resume. */
  ran: Set<string>;
  /** durable only: metadata.stepOrder of the saved snapshot. */
  stepOrder?: string[];
}

const reset = () => { for (const k of Object.keys(mod.calls)) delete mod.calls[k]; };
const hitCollector = (hits: string[]) => (e: { type: string; stepKey?: string }) => { if (e.type === 'step_cache_hit') hits.push(e.stepKey!); };

async function observeCreateWorkflow(): Promise<Observed> {
  reset();
  let state: { steps: Map<string, unknown> } | undefined;
  const first = await mod.runForms({ run: (fn: unknown) => mod.forms.runWithState(fn).then((r: any) => ((state = r.resumeState), r.result)) });
  assert.equal(first.ok, true, JSON.stringify(first));
  reset();
  const hits: string[] = [];
  const second = await mod.runForms({ run: (fn: unknown) => mod.forms.run(fn, { resumeState: state, onEvent: hitCollector(hits) }) });
  assert.equal(second.ok, true, JSON.stringify(second));
  return { recorded: [...state!.steps.keys()], hits, ran: new Set(Object.keys(mod.calls)) };
}

async function observeDurable(): Promise<Observed> {
  reset();
  const saves: any[] = [];
  const data = new Map<string, unknown>();
  const store = {
    save: async (id: string, s: unknown) => { saves.push(JSON.parse(JSON.stringify(s))); data.set(id, JSON.parse(JSON.stringify(s))); },
    load: async (id: string) => data.get(id) ?? null,
    delete: async (id: string) => { data.delete(id); },
    list: async () => [],
    close: async () => {},
  };
  const deps = { fetchUser: mod.fetchUser };
  const first = await mod.runForms({ run: (fn: unknown) => durable.run(deps, fn, { id: 'forms-1', store }) });
  assert.equal(first.ok, true, JSON.stringify(first));
  assert.equal(data.has('forms-1'), false, 'a successful durable run deletes its state');
  const last = saves[saves.length - 1];
  reset();
  const hits: string[] = [];
  data.set('forms-1', last); // resume from the last checkpoint it saved, as after a crash before the end
  const second = await mod.runForms({ run: (fn: unknown) => durable.run(deps, fn, { id: 'forms-1', store, onEvent: hitCollector(hits) }) });
  assert.equal(second.ok, true, JSON.stringify(second));
  return { recorded: Object.keys(last.steps), hits, ran: new Set(Object.keys(mod.calls)), stepOrder: last.metadata.stepOrder };
}

const keyOf = (s: StepInfo) => s.key?.value ?? s.key?.pattern;
const label = (s: StepInfo) => (s.kind === 'bound' ? (s.key!.value === 'fetchUser' ? 'bound:a' : 'bound:b') : s.id!.value!);

describe('awaitly 4.5.1 runtime: restore per step kind vs the analysis', () => {
  let wf: WorkflowInfo;
  let semantics: { line: string; version: string | null };
  before(() => {
    const result = createAnalysisProject({ rootDir: DIR }).analyzeProject();
    semantics = result.semantics as typeof semantics;
    wf = result.workflows.find((w) => w.label === 'forms')!;
    assert.ok(wf, result.workflows.map((w) => w.label).join());
  });

  it('analyses the fixture with 4.x semantics (its awaitly is 4.5.1)', () => {
    assert.equal(semantics.line, '4.x');
    assert.equal(semantics.version, '4.5.1');
    assert.equal(wf.steps.length, 23);
  });

  for (const [runner, observe] of [['createWorkflow', observeCreateWorkflow], ['durable.run', observeDurable]] as const) {
    describe(runner, () => {
      let observed: Observed;
      before(async () => { observed = await observe(); });

      it('recorded keys are exactly the keys awaitly wrote', () => {
        const predicted = new Set(wf.steps.flatMap((s) => (s.recordedKey?.value ? [s.recordedKey.value] : [])));
        assert.deepEqual(new Set(observed.recorded), predicted);
      });

      it('restored steps hit the cache and do not run on resume; the others run again', () => {
        const wrong: string[] = [];
        for (const s of wf.steps) {
          const restoredAtRuntime = s.kind === 'sleep' ? observed.hits.includes(keyOf(s) ?? `#${label(s)}`) : !observed.ran.has(label(s));
          if (restoredAtRuntime !== (s.restore === 'restored')) wrong.push(`${label(s)}: predicted ${s.restore}, runtime ${restoredAtRuntime ? 'restored' : 'ran again'}`);
          if (s.restore === 'restored' && !observed.hits.includes(keyOf(s)!)) wrong.push(`${label(s)}: no cache hit under ${keyOf(s)}`);
        }
        assert.deepEqual(wrong, []);
      });

      if (runner === 'durable.run') {
        it('metadata.stepOrder has one entry per step the analysis puts in the shape guard, and the same code resumes without drift', () => {
          assert.equal(observed.stepOrder!.length, wf.steps.filter((s) => s.inStepOrder).length);
          assert.equal(predictShapeDrift(wf, observed.stepOrder!), undefined);
          // Each stored position the code no longer repeats is a drift at that position.
          for (let i = 0; i < observed.stepOrder!.length; i++) {
            const changed = observed.stepOrder!.map((k, j) => (j === i ? `${k}-old` : k));
            assert.equal(predictShapeDrift(wf, changed)?.stepIndex, i, `position ${i}`);
          }
        });
      }
    });
  }
});
