// Replay plan: snapshot × code. For each step in code order, what a resume does with it, plus the snapshot
// entries no step can produce. Checked against real awaitly@1.35.0 resumes in core/test/replay.
import type { AwaitlySemantics, StepInfo, WorkflowInfo } from '../analysis/types';
import { canProduce } from '../analysis/patterns';
import type { ReplayInput, ReplayPlan, StepPlan, UnknownEntry } from './types';
import { predictShapeDrift } from './shape-drift';
import { awaitlyLine } from '../semantics/lines';

function keyText(s: StepInfo): string | undefined {
  return s.key?.value ?? s.key?.pattern;
}

export function planReplay(workflow: WorkflowInfo, input: ReplayInput, semantics: AwaitlySemantics): ReplayPlan {
  const byKey = new Map(input.entries.map((e) => [e.key, e]));
  const notes: string[] = [];
  const steps: StepPlan[] = [];
  let failedAt: StepPlan | undefined;

  for (const s of workflow.steps) {
    const conditional = s.context.some((f) => f.kind === 'loop' || f.kind === 'branch' || f.kind === 'try');
    const base = { index: s.index, kind: s.kind, ...(s.id?.value ? { id: s.id.value } : {}), ...(keyText(s) ? { key: keyText(s) } : {}), conditional, file: s.file, range: s.range };
    const push = (p: Omit<StepPlan, keyof typeof base>) => {
      const plan = { ...base, ...p };
      steps.push(plan);
      return plan;
    };
    if (failedAt) {
      push({ state: 'not-reached', reason: `step ${failedAt.index + 1} replays a stored failure first` });
      continue;
    }
    if (!workflow.restores) {
      push({ state: 'runs', reason: 'run()/runSaga() have no cache: every step runs' });
      continue;
    }
    if (s.restore !== 'restored' || !s.key) {
      const recorded = s.recordedKey?.value;
      const inSnapshot = recorded !== undefined && byKey.has(recorded);
      push({ state: 'runs', ...(inSnapshot ? { entryKey: recorded } : {}),
        reason: inSnapshot ? `recorded under '${recorded}' but this kind is never restored` : s.restore === 'recorded-only' ? 'never restored (not cached)' : 'not cached' });
      continue;
    }
    if (s.key.value !== undefined) {
      const entry = byKey.get(s.key.value);
      if (!entry) push({ state: 'runs', reason: `no entry '${s.key.value}' in the snapshot` });
      else if (entry.ok) push({ state: 'skipped', entryKey: entry.key, reason: `cached success under '${entry.key}'` });
      else {
        const p = push({ state: 'replay-failure', entryKey: entry.key, reason: `cached failure under '${entry.key}': the workflow ends with the stored error` });
        if (!conditional) failedAt = p;
      }
      continue;
    }
    const matches = input.entries.filter((e) => canProduce(s.key!, e.key)).map((e) => e.key);
    if (matches.length === 0) push({ state: 'runs', reason: `no snapshot key matches ${s.key.pattern ?? s.key.text}` });
    else if (matches.length === 1 && !conditional) {
      // A snapshot is one run: a step that runs once (no loop or branch around it) and whose pattern
      // matches exactly one entry wrote that entry, so a resume with the same input reads it back.
      const entry = byKey.get(matches[0]!)!;
      const only = `(the only entry key ${s.key.pattern ?? s.key.text} matches)`;
      if (entry.ok) push({ state: 'skipped', entryKey: entry.key, reason: `cached success under '${entry.key}' ${only}` });
      else failedAt = push({ state: 'replay-failure', entryKey: entry.key, reason: `cached failure under '${entry.key}' ${only}: the workflow ends with the stored error` });
    } else {
      const shown = matches.slice(0, 3).map((k) => `'${k}'${byKey.get(k)?.ok === false ? ' (a stored failure)' : ''}`).join(', ');
      push({ state: 'maybe', matches, reason: `key ${s.key.pattern ?? s.key.text} is only partly known; ${matches.length} snapshot key(s) match: ${shown}${matches.length > 3 ? ', …' : ''}` });
    }
  }

  const unknown: UnknownEntry[] = input.entries
    .filter((e) => !workflow.steps.some((s) => (s.key && canProduce(s.key, e.key)) || (s.recordedKey && canProduce(s.recordedKey, e.key))))
    .map((e) => ({ code: 'unknown-snapshot-step', key: e.key, ok: e.ok,
      message: `Snapshot entry '${e.key}' matches no step of workflow '${workflow.label}': awaitly ignores it on resume${input.format === 'workflow-snapshot' ? ' (durable carries it into every later save)' : ''}.` }));

  let shapeDrift: ReplayPlan['shapeDrift'];
  if (input.stepOrder) {
    if (awaitlyLine(semantics.line).durableShapeGuard) shapeDrift = predictShapeDrift(workflow, input.stepOrder);
    else notes.push(`metadata.stepOrder is present, but awaitly ${semantics.line} does not check it (only 4.x durable runs do)`);
  }
  return { workflow: workflow.id, semantics, format: input.format, steps, unknown, ...(shapeDrift ? { shapeDrift } : {}), summary: summarize(steps, shapeDrift), notes };
}

function summarize(steps: StepPlan[], drift: ReplayPlan['shapeDrift']): string {
  if (drift) return `durable resume ${drift.certain ? 'fails' : 'may fail'} with WorkflowShapeDriftError at step ${drift.stepIndex + 1} ('${drift.expectedStepKey}' → '${drift.actualStepKey}')`;
  const count = (st: StepPlan['state']) => steps.filter((s) => s.state === st).length;
  const failure = steps.find((s) => s.state === 'replay-failure' && !s.conditional);
  const parts = [`${count('skipped')} skipped`, `${count('runs')} run`, `${count('maybe')} maybe`];
  if (failure) return `replays the stored failure of step ${failure.index + 1} ('${failure.entryKey}'); ${parts.join(', ')} before it`;
  return parts.join(', ');
}
