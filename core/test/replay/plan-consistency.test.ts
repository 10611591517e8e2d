// The replay plan never contradicts the rules: a step whose key a rule says a resume can never find
// (unstable-step-key: the key changes in every run; unrestored-step: recorded but never read back) is never
// planned skipped or replay-failure, whatever the snapshot holds. Run over every fixture workflow, against
// snapshots that hold an entry for every key each step can write, all successes and all failures.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, type ProjectAnalysis, type StaticString, type WorkflowInfo } from '../../src/analysis';
import { canProduce } from '../../src/analysis/patterns';
import { HOLE } from '../../src/analysis/key-eval';
import { analyzeSnapshotText } from '../../src/snapshot';
import { checkSnapshotAgainstCode, planReplay, readReplayInput } from '../../src/replay';

const ROOT = path.resolve(__dirname, '../../../test-fixtures');
const NEVER_FOUND = new Set(['unstable-step-key', 'unrestored-step']);

function projects(): Array<{ name: string; analysis: ProjectAnalysis }> {
  const dirs = [
    ...fs.readdirSync(path.join(ROOT, 'workflows'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(ROOT, 'workflows', d.name)),
    path.join(ROOT, 'workflows-4x'),
    path.join(ROOT, 'example-workspace'),
  ];
  return dirs.map((dir) => ({ name: path.relative(ROOT, dir), analysis: createAnalysisProject({ rootDir: dir }).analyzeProject() }));
}

/** A concrete key the static key can produce (holes filled), if one of a few tries works. */
function instance(s: StaticString | undefined): string | undefined {
  if (!s) return undefined;
  if (s.value !== undefined) return s.value;
  if (s.pattern === undefined) return undefined;
  return ['x', '', '#2', '1'].map((fill) => s.pattern!.split(HOLE).join(fill)).find((k) => canProduce(s, k));
}

function snapshotFor(wf: WorkflowInfo, ok: boolean) {
  const steps: Record<string, unknown> = {};
  for (const s of wf.steps) {
    for (const k of [instance(s.key), instance(s.recordedKey)]) {
      if (k !== undefined) steps[k] = ok ? { ok: true, value: 1 } : { ok: false, error: 'E', cause: { type: 'thrown', stringRepresentation: 'E' } };
    }
  }
  return { formatVersion: 1, steps, execution: { status: 'running', lastUpdated: '2026-01-01T00:00:00.000Z' } };
}

describe('replay plan vs rules: no step is planned as found when a rule says a resume never finds its key', () => {
  let all: ReturnType<typeof projects>;
  before(() => {
    all = projects();
  });

  it('every fixture workflow, against all-success and all-failure snapshots of its keys', () => {
    let checked = 0;
    for (const { name, analysis } of all) {
      for (const wf of analysis.workflows) {
        const flagged = new Map<string, string>();
        for (const f of analysis.findings) {
          if (f.workflow !== wf.id || !NEVER_FOUND.has(f.code)) continue;
          const step = wf.steps.find((s) => s.file === f.file && (rangeIn(f.range, s.range) || rangeIn(s.range, f.range) || (s.key && rangeIn(f.range, s.key.range))));
          if (step) flagged.set(`${step.index}`, f.code);
        }
        for (const ok of [true, false]) {
          const plan = planReplay(wf, readReplayInput(snapshotFor(wf, ok))!, analysis.semantics);
          for (const sp of plan.steps) {
            const code = flagged.get(`${sp.index}`);
            if (!code) continue;
            checked++;
            const where = `${name} ${wf.label} step ${sp.index + 1} (${sp.id ?? sp.key}, ${code})`;
            assert.ok(sp.state === 'runs' || sp.state === 'not-reached', `${where}: planned ${sp.state}: ${sp.reason}`);
            assert.deepEqual((sp.iterations ?? []).filter((i) => i.state === 'skipped' || i.state === 'replay-failure'), [], where);
          }
        }
      }
    }
    // The fixtures hold such steps (unstable keys, keyless retries, withResource, key: undefined): the check ran.
    assert.ok(checked >= 20, `only ${checked} flagged steps checked`);
  });

  it('example workspace: onboarding.ts startTrial (key built with Date.now()) runs on resume from its real snapshot, and durable.run fails there with shape drift', () => {
    const { analysis } = all.find((p) => p.name === 'example-workspace')!;
    const file = path.join(ROOT, 'example-workspace/snapshots/onboarding-mid-run.json');
    const text = fs.readFileSync(file, 'utf8');
    const check = checkSnapshotAgainstCode(text, analyzeSnapshotText(text).value, analysis.workflows, analysis.semantics);
    const trial = check.plan!.steps.find((s) => s.id === 'startTrial')!;
    assert.equal(trial.state, 'runs');
    assert.match(trial.reason, /depends on Date\.now\(\), which changes on every run/);
    const finding = analysis.findings.find((f) => f.code === 'unstable-step-key' && f.file.endsWith('onboarding.ts'))!;
    assert.equal(finding.range.start.line, trial.range.start.line);
    // The snapshot was written by awaitly 4.5.1's durable.run (metadata.stepOrder): its resume fails at that step.
    if (check.input?.stepOrder) assert.equal(check.plan!.shapeDrift?.stepIndex, check.input.stepOrder.findIndex((k) => k.startsWith('trial:')));
  });
});

function rangeIn(inner: { startOffset: number; endOffset: number }, outer: { startOffset: number; endOffset: number }): boolean {
  return inner.startOffset >= outer.startOffset && inner.endOffset <= outer.endOffset;
}
